import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DevSummary, runDev } from '@ferry/cli';
import { DemoDmsWriter } from '@ferry/testkit';
import pg from 'pg';

/** The issue's targets for object written → row visible in the speed layer (issue 3, "Done when"). */
export const PIPELINE_TARGETS = { rate: 1000, p50Seconds: 1, p99Seconds: 3 } as const;
/** What the seeds' pipeline took from object to speed layer: the baseline the targets improve on. */
const SEEDS_BASELINE = '60–120 s';
/** A step is sustained only if the writer wrote at least this share of what it was asked to. */
const KEPT_SHARE = 0.95;
const TICK_MILLIS = 1000;
const SHARDS = 4;
const SEED = 1;
const RAMP_START = 1000;
/** Far beyond two cores; the ramp stops at its first failing step anyway. */
const RAMP_MAX = 64_000;

/** One run of the whole local pipeline on a fresh stack and fresh sinks. */
export interface PipelineStep {
  readonly speedLayer: 'pglite' | 'postgres';
  readonly askedRate: number;
  readonly durationSeconds: number;
  readonly seconds: number;
  readonly rowsWritten: number;
  /** What a writer keeping pace writes in the duration: the full-load tick, then `askedRate` a tick. */
  readonly expectedRows: number;
  readonly keptShare: number;
  /** Row changes written a second over the CDC ticks (after the full-load tick, which has its own size). */
  readonly writtenRate: number;
  readonly filesWritten: number;
  /**
   * Rows each stage reported committing (the handlers' log lines) when the pipeline stopped: a speed layer
   * behind the source with `merged` < `forwarded` means change records were still on the stream.
   */
  readonly rows: { readonly forwarded: number; readonly merged: number; readonly loaded: number };
  /** Object written → its rows committed, seconds, over the files each sink committed. */
  readonly speedLayerLatency: DevSummary['latency']['speedLayer'];
  readonly warehouseLatency: DevSummary['latency']['warehouse'];
  readonly drained: boolean;
  readonly matchesSource: DevSummary['matchesSource'];
  readonly deadLetters: number;
  /** 1-minute load average when the step started (the machine is shared). */
  readonly loadAverage: number;
  readonly sustained: boolean;
  /** Why the step is not sustained; empty when it is. */
  readonly why: readonly string[];
}

export interface PipelineFigures {
  readonly machine: { readonly cpus: number; readonly cpuModel: string; readonly node: string };
  readonly steady?: PipelineStep;
  readonly steadyPostgres?: PipelineStep;
  readonly ramp: readonly PipelineStep[];
  readonly lastSustained?: PipelineStep;
  readonly firstFailing?: PipelineStep;
  readonly errors: readonly { readonly measurement: string; readonly error: string }[];
}

export interface PipelineBenchOptions {
  /** The steady run at 1,000 rows/s. */
  readonly steadySeconds: number;
  /** Each ramp step. */
  readonly rampSeconds: number;
  /** A PostgreSQL server for the steady run with a real speed layer (a database is created and dropped). */
  readonly postgresUrl: string | undefined;
}

/**
 * `ferry dev`'s pipeline (`runDev`: the demo writer, the local AWS stack, the three handlers, DuckDB, and
 * PGlite or PostgreSQL) measured end to end: latency at 1,000 rows/s held for `steadySeconds`, then a ramp
 * that doubles the rate, each step on a fresh pipeline, until a step is not sustained, plus one step halfway
 * between the last sustained and the first failing rate.
 */
export async function measurePipeline(
  options: PipelineBenchOptions,
  log: (line: string) => void,
): Promise<PipelineFigures> {
  const errors: { measurement: string; error: string }[] = [];
  const attempt = async (measurement: string, work: () => Promise<PipelineStep>) => {
    try {
      return await work();
    } catch (error) {
      log(`${measurement} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      errors.push({ measurement, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };

  const steady = await attempt('pipeline steady', () =>
    step(PIPELINE_TARGETS.rate, options.steadySeconds, 'pglite:memory', log),
  );
  const steadyPostgres = options.postgresUrl
    ? await attempt('pipeline steady postgres', () =>
        withDatabase(options.postgresUrl!, (url) => step(PIPELINE_TARGETS.rate, options.steadySeconds, url, log)),
      )
    : undefined;

  const ramp: PipelineStep[] = [];
  let lastSustained: PipelineStep | undefined;
  let firstFailing: PipelineStep | undefined;
  for (let rate = RAMP_START; rate <= RAMP_MAX && !firstFailing; rate *= 2) {
    const s = await attempt(`pipeline ramp ${rate}`, () => step(rate, options.rampSeconds, 'pglite:memory', log));
    if (!s) break;
    ramp.push(s);
    if (s.sustained) lastSustained = s;
    else firstFailing = s;
  }
  if (lastSustained && firstFailing) {
    // One step halfway narrows the answer from a factor of two to a factor of 1.5, for one more run.
    const mid = Math.round((lastSustained.askedRate + firstFailing.askedRate) / 2 / 500) * 500;
    if (mid > lastSustained.askedRate && mid < firstFailing.askedRate) {
      const s = await attempt(`pipeline ramp ${mid}`, () => step(mid, options.rampSeconds, 'pglite:memory', log));
      if (s) {
        ramp.push(s);
        if (s.sustained) lastSustained = s;
        else firstFailing = s;
      }
    }
  }
  return {
    machine: { cpus: availableParallelism(), cpuModel: cpus()[0]?.model.trim() ?? 'unknown', node: process.version },
    ...(steady && { steady }),
    ...(steadyPostgres && { steadyPostgres }),
    ramp,
    ...(lastSustained && { lastSustained }),
    ...(firstFailing && { firstFailing }),
    errors,
  };
}

async function step(
  rate: number,
  durationSeconds: number,
  speedLayerUrl: string,
  log: (line: string) => void,
): Promise<PipelineStep> {
  const speedLayer = speedLayerUrl.startsWith('pglite:') ? 'pglite' : 'postgres';
  const stateDir = await mkdtemp(join(tmpdir(), 'ferry-bench-pipeline-'));
  const loadAverage = loadavg()[0]!;
  log(`pipeline: ${rate.toLocaleString('en')} rows/s for ${durationSeconds} s, speed layer ${speedLayer} …`);
  try {
    const summary = await runDev(
      {
        mappingsDir: '(demo writer)',
        warehouse: `duckdb:${join(stateDir, 'w.duckdb')}`,
        speedLayer: speedLayerUrl,
        input: undefined,
        rate,
        tickMillis: TICK_MILLIS,
        seed: SEED,
        durationSeconds,
        json: false,
        stateDir,
        maskKey: 'bench-pipeline-mask-key',
        shards: SHARDS,
      },
      { log: (line) => log(`  ${line}`) },
    );
    const { expectedRows, fullLoadRows } = expectedRowsFor(rate, durationSeconds);
    const keptShare = summary.rowsWritten / expectedRows;
    const sl = summary.latency.speedLayer;
    const d = summary.deadLetters;
    const deadLetters = d.warehouse + d.stream + d.mergeFailures;
    const stageRows = {
      forwarded: summary.tables.reduce((n, t) => n + t.forwardedRows, 0),
      merged: summary.tables.reduce((n, t) => n + t.speedLayerRows, 0),
      loaded: summary.tables.reduce((n, t) => n + t.warehouseRows, 0),
    };
    const why: string[] = [];
    if (keptShare < KEPT_SHARE) why.push(`writer kept ${(keptShare * 100).toFixed(1)} % of the asked rate`);
    if (!summary.drained) why.push('queues did not drain within 120 s');
    const m = summary.matchesSource;
    if (summary.drained && !(m?.warehouse && m.speedLayer)) {
      why.push(
        `sinks differ from the source (warehouse ${m?.warehouse ? 'ok' : 'NO'}, speed layer ${m?.speedLayer ? 'ok' : 'NO'}; ` +
          `rows written ${int(summary.rowsWritten)}, forwarded ${int(stageRows.forwarded)}, ` +
          `merged ${int(stageRows.merged)}, loaded ${int(stageRows.loaded)})`,
      );
    }
    if (deadLetters > 0) why.push(`${deadLetters} dead letters`);
    if (sl.p99 === undefined || sl.p99 > PIPELINE_TARGETS.p99Seconds) {
      why.push(
        `speed-layer p99 ${sl.p99 === undefined ? 'none' : `${sl.p99.toFixed(2)} s`} > ${PIPELINE_TARGETS.p99Seconds} s`,
      );
    }
    const figures: PipelineStep = {
      speedLayer,
      askedRate: rate,
      durationSeconds,
      seconds: summary.seconds,
      rowsWritten: summary.rowsWritten,
      expectedRows,
      keptShare,
      writtenRate: (summary.rowsWritten - fullLoadRows) / Math.max(summary.seconds - TICK_MILLIS / 1000, 1e-3),
      filesWritten: summary.filesWritten,
      rows: stageRows,
      speedLayerLatency: sl,
      warehouseLatency: summary.latency.warehouse,
      drained: summary.drained,
      matchesSource: summary.matchesSource,
      deadLetters,
      loadAverage,
      sustained: why.length === 0,
      why,
    };
    log(`  ${stepLine(figures)}`);
    return figures;
  } finally {
    await rm(stateDir, { recursive: true, force: true });
  }
}

/**
 * Rows a writer keeping pace writes in `durationSeconds`: one tick a second from the start, the first
 * being the full load (its own fixed size, whatever the rate), the others `rate` row changes each.
 */
function expectedRowsFor(rate: number, durationSeconds: number) {
  const rowsPerTick = Math.max(1, Math.round((rate * TICK_MILLIS) / 1000));
  const fullLoadRows = new DemoDmsWriter({ seed: SEED, rowsPerTick, tickMillis: TICK_MILLIS })
    .tick()
    .reduce((sum, f) => sum + f.rows, 0);
  const ticks = Math.ceil((durationSeconds * 1000) / TICK_MILLIS);
  return { expectedRows: fullLoadRows + (ticks - 1) * rowsPerTick, fullLoadRows };
}

/** Runs `work` against a fresh database on the server of `url`, dropped afterwards. */
async function withDatabase<T>(url: string, work: (url: string) => Promise<T>): Promise<T> {
  const name = `ferry_bench_pipeline_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    try {
      return await work(target.toString());
    } finally {
      // FORCE: a pool the run left behind must not keep the database alive.
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
  }
}

const secs = (n: number | undefined) => (n === undefined ? '—' : `${n.toFixed(2)} s`);
const int = (n: number) => Math.round(n).toLocaleString('en');

function stepLine(s: PipelineStep): string {
  return (
    `${int(s.askedRate)} rows/s asked, ${int(s.writtenRate)} written/s (${(s.keptShare * 100).toFixed(1)} % of asked), ` +
    `speed layer p50 ${secs(s.speedLayerLatency.p50)} p99 ${secs(s.speedLayerLatency.p99)}, ` +
    `warehouse p50 ${secs(s.warehouseLatency.p50)} p99 ${secs(s.warehouseLatency.p99)}, ` +
    `drained ${s.drained ? 'yes' : 'NO'}: ${s.sustained ? 'sustained' : `NOT sustained (${s.why.join('; ')})`}`
  );
}

/** The figures beside the issue's targets and the seeds' baseline, then the ramp. */
export function formatPipeline(figures: PipelineFigures): string {
  const m = figures.machine;
  const out = [
    `Pipeline end to end (runDev: demo writer → local AWS stack → 3 handlers → DuckDB warehouse + speed layer; ` +
      `a file per source and table every ${TICK_MILLIS} ms, ${SHARDS} Kinesis shards, all in one Node process)`,
    `machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}; latency = object written → its rows committed, per file`,
  ];
  const steadyRows: string[][] = [];
  const verdict = (v: number | undefined, target: number) => (v !== undefined && v <= target ? 'PASS' : 'MISS');
  const addSteady = (s: PipelineStep, name: string) => {
    out.push(
      `${name}: ${int(s.askedRate)} rows/s for ${s.durationSeconds} s: ${int(s.rowsWritten)} rows in ${s.filesWritten} files ` +
        `(${(s.keptShare * 100).toFixed(1)} % of asked), drained ${s.drained ? 'yes' : 'NO'}, matches source: ` +
        `warehouse ${s.matchesSource?.warehouse ? 'yes' : 'NO'}, speed layer ${s.matchesSource?.speedLayer ? 'yes' : 'NO'}, ` +
        `dead letters ${s.deadLetters}, load average ${s.loadAverage.toFixed(2)} at start`,
    );
    const sl = s.speedLayerLatency;
    const wh = s.warehouseLatency;
    steadyRows.push(
      [
        `${name}: speed layer p50`,
        secs(sl.p50),
        SEEDS_BASELINE,
        `≤ ${PIPELINE_TARGETS.p50Seconds} s`,
        verdict(sl.p50, PIPELINE_TARGETS.p50Seconds),
      ],
      [
        `${name}: speed layer p99`,
        secs(sl.p99),
        SEEDS_BASELINE,
        `≤ ${PIPELINE_TARGETS.p99Seconds} s`,
        verdict(sl.p99, PIPELINE_TARGETS.p99Seconds),
      ],
      [`${name}: speed layer max`, secs(sl.max), '', '', 'info'],
      [`${name}: warehouse p50`, secs(wh.p50), SEEDS_BASELINE, 'none set', 'info'],
      [`${name}: warehouse p99`, secs(wh.p99), SEEDS_BASELINE, 'none set', 'info'],
    );
  };
  if (figures.steady) addSteady(figures.steady, 'PGlite');
  if (figures.steadyPostgres) addSteady(figures.steadyPostgres, 'PostgreSQL');
  if (steadyRows.length > 0) {
    out.push('', table(['figure', 'ferry', "seeds' pipeline", 'target', ''], steadyRows));
  }
  if (figures.ramp.length > 0) {
    const rampSeconds = figures.ramp[0]!.durationSeconds;
    out.push(
      '',
      `Ramp (PGlite speed layer, ${rampSeconds} s a step, each on a fresh pipeline; sustained = writer kept ≥ ${KEPT_SHARE * 100} % ` +
        `of the asked rate, drained, both sinks match the source, speed-layer p99 ≤ ${PIPELINE_TARGETS.p99Seconds} s)`,
      table(
        ['asked rows/s', 'written/s', 'kept', 'SL p50', 'SL p99', 'WH p50', 'WH p99', 'load', 'sustained', 'why not'],
        figures.ramp.map((s) => [
          int(s.askedRate),
          int(s.writtenRate),
          `${(s.keptShare * 100).toFixed(1)} %`,
          secs(s.speedLayerLatency.p50),
          secs(s.speedLayerLatency.p99),
          secs(s.warehouseLatency.p50),
          secs(s.warehouseLatency.p99),
          s.loadAverage.toFixed(2),
          s.sustained ? 'yes' : 'NO',
          s.why.join('; '),
        ]),
      ),
      `highest sustained: ${figures.lastSustained ? `${int(figures.lastSustained.askedRate)} rows/s` : 'none'}; ` +
        `first failing: ${figures.firstFailing ? `${int(figures.firstFailing.askedRate)} rows/s (${figures.firstFailing.why.join('; ')})` : `none up to ${int(RAMP_MAX)} rows/s`}`,
    );
  }
  for (const e of figures.errors) out.push(`ERROR in ${e.measurement}: ${e.error}`);
  return `${out.join('\n')}\n`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)));
  return all
    .map((r) =>
      r
        .map((cell, c) => (c === 0 || c === head.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
