import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FerryError, type Sink } from '@ferry/core';
import { loadMappings, parseMappings } from '@ferry/mappings';
import { openSpeedLayer, type SpeedLayerSink } from '@ferry/speed-layer';
import { DemoDmsWriter, sortRows } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import { awsSecretReader } from '../awsSecretReader.js';
import type { DevOptions } from './DevOptions.js';
import type { DevStats } from './DevStats.js';
import type { DevSummary } from './DevSummary.js';
import { type Pipeline, startPipeline } from './startPipeline.js';
import { statusSnapshots } from './statusSnapshots.js';

export interface DevIo {
  /** Called about once a second while running, with the stats to show. */
  readonly onTick?: (stats: DevStats, now: number) => void;
  /** Aborting stops writing at once and shuts down cleanly (Ctrl-C), without waiting for queues to drain. */
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

const DRAIN_TIMEOUT_MS = 120_000;

/**
 * `ferry dev` (`pnpm start`): the whole pipeline on embedded stand-ins (`startPipeline`: the local AWS stack
 * and the three handlers), the warehouse (DuckDB by default) and the speed layer (PGlite by default), fed by
 * the demo DMS writer at `rate` row changes per second, or by the files of `input`.
 *
 * With `durationSeconds`, writing stops after that long; the pipeline then drains, both sinks are compared
 * with the writer's source state, and the summary is returned. Aborting `signal` stops at once: pollers
 * finish the invocation in flight (a transaction commits or rolls back whole; an unacknowledged message is
 * simply delivered again next time), then everything closes.
 */
export async function runDev(options: DevOptions, io: DevIo = {}): Promise<DevSummary> {
  const logsDir = join(options.stateDir, 'logs');
  await mkdir(logsDir, { recursive: true });
  const writer = options.input
    ? undefined
    : new DemoDmsWriter({
        seed: options.seed,
        rowsPerTick: Math.max(1, Math.round((options.rate * options.tickMillis) / 1000)),
        tickMillis: options.tickMillis,
      });
  const mappings = writer
    ? parseMappings(writer.mappings.map((json) => ({ file: `${json.source}.json`, json })))
    : await loadMappings(options.mappingsDir);
  if (mappings.sources.length === 0) {
    throw new FerryError(`no mapping files in ${options.mappingsDir}`, {
      hint: 'Point --mappings at the folder of <source>.json files (see docs/mappings.md)',
    });
  }

  let warehouse: Sink | undefined;
  let speedLayer: SpeedLayerSink | undefined;
  let pipeline: Pipeline | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let stopSnapshots: (() => Promise<void>) | undefined;
  try {
    if (options.warehouse !== 'none')
      warehouse = await openWarehouse(options.warehouse, { readSecret: awsSecretReader() });
    if (options.speedLayer !== 'none') speedLayer = await openSpeedLayer(options.speedLayer);
    pipeline = await startPipeline({
      mappings,
      warehouse,
      speedLayer,
      maskKey: options.maskKey,
      logsDir,
      shards: options.shards,
      mergeIntervalSeconds: options.mergeIntervalSeconds ?? 0,
    });
    const { stats, stack } = pipeline;
    ticker = setInterval(() => io.onTick?.(stats, Date.now()), 1000);
    const queues = stack.topology;
    stopSnapshots = statusSnapshots({
      stateDir: options.stateDir,
      mappings,
      warehouse,
      speedLayer,
      deadLetters: async () => {
        const out: Record<string, number> = {};
        for (const [name, url] of [
          ['warehouse-dlq', queues.warehouseDlqUrl],
          ['stream-dlq', queues.streamDlqUrl],
          ['merge-failures', queues.mergeFailureQueueUrl],
        ] as const) {
          const d = await stack.queueDepth(url);
          out[name] = d.visible + d.inFlight;
        }
        return out;
      },
      log: io.log,
    });
    const started = Date.now();
    const deadline =
      options.durationSeconds === undefined ? Number.POSITIVE_INFINITY : started + options.durationSeconds * 1000;
    const aborted = () => io.signal?.aborted === true;

    let filesWritten = 0;
    let rowsWritten = 0;
    const put = async (key: string, body: Uint8Array, rows: number) => {
      await pipeline!.put(key, body, rows);
      filesWritten += 1;
      rowsWritten += rows;
    };
    if (writer) {
      // Ticks keep to the wall clock: a slow tick is followed by a shorter wait, not a drift.
      for (let next = Date.now(); Date.now() < deadline && !aborted(); ) {
        const files = writer.tick();
        await Promise.all(files.map((f) => put(f.key, f.body, f.rows)));
        next += options.tickMillis;
        const wait = Math.min(next, deadline) - Date.now();
        if (wait > 0) await sleep(wait, undefined, { signal: io.signal }).catch(() => undefined);
      }
    } else {
      for (const key of await listFiles(options.input!)) {
        if (aborted()) break;
        await put(key, await readFile(join(options.input!, ...key.split('/'))), 0);
      }
    }
    const writtenFor = (Date.now() - started) / 1000;

    let drained = false;
    if (!aborted()) {
      io.log?.('writing stopped; waiting for the queues to drain…');
      drained = await pipeline.drain(DRAIN_TIMEOUT_MS, io.signal);
    }
    const depth = async (url: string) => {
      const d = await stack.queueDepth(url);
      return d.visible + d.inFlight;
    };
    const t = stack.topology;
    const deadLetters = {
      warehouse: await depth(t.warehouseDlqUrl),
      stream: await depth(t.streamDlqUrl),
      mergeFailures: await depth(t.mergeFailureQueueUrl),
    };
    await stopSnapshots();
    stopSnapshots = undefined;
    await pipeline.stop();
    pipeline = undefined;
    io.onTick?.(stats, Date.now());

    let matchesSource: DevSummary['matchesSource'];
    if (writer && drained) {
      matchesSource = { warehouse: true, speedLayer: true };
      for (const table of writer.oracle()) {
        if (warehouse) {
          const rows = sortRows(await warehouse.readRows(table.warehouse, table.columns), table.warehouse.keyColumns);
          if (JSON.stringify(rows) !== JSON.stringify(table.rows))
            matchesSource = { ...matchesSource, warehouse: false };
        }
        if (speedLayer) {
          const rows = sortRows(
            await speedLayer.readRows(table.speedLayer, table.columns),
            table.speedLayer.keyColumns,
          );
          if (JSON.stringify(rows) !== JSON.stringify(table.rows))
            matchesSource = { ...matchesSource, speedLayer: false };
        }
      }
    }
    return {
      ...stats.view(Date.now()),
      seconds: writtenFor,
      filesWritten,
      rowsWritten,
      rate: writtenFor > 0 ? rowsWritten / writtenFor : 0,
      deadLetters,
      matchesSource,
      drained,
      interrupted: aborted(),
    };
  } finally {
    if (ticker) clearInterval(ticker);
    await stopSnapshots?.();
    await pipeline?.stop();
    await warehouse?.close();
    await speedLayer?.close();
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return (
    entries
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
      // Full loads first, as DMS writes them (a CDC name's digits would sort before LOAD).
      .sort((a, b) => Number(!a.includes('/LOAD')) - Number(!b.includes('/LOAD')) || a.localeCompare(b))
  );
}
