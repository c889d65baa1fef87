import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sink } from '@ferry/core';
import type { Mappings } from '@ferry/mappings';
import { tableStatus } from '@ferry/ops';
import { DEV_STATUS_FILE } from './DEV_STATUS_FILE.js';

const EVERY_MS = 5000;
/** `ferry status` without a stage: the threshold a local run is judged by. */
const LOCAL_FRESHNESS_MINUTES = 60;

/**
 * While `ferry dev` runs, writes its `ferry status` report to `<stateDir>/status.json` every few seconds, through a
 * temporary file and a rename so a reader never sees half of it: DuckDB and PGlite let only this process open the
 * sinks, so `ferry status --local` reads this instead. Returns the function that stops it.
 */
export function statusSnapshots(options: {
  readonly stateDir: string;
  readonly mappings: Mappings;
  readonly warehouse: Sink | undefined;
  readonly speedLayer: Sink | undefined;
  readonly deadLetters: () => Promise<Record<string, number>>;
  readonly log?: (line: string) => void;
}): () => Promise<void> {
  const file = join(options.stateDir, DEV_STATUS_FILE);
  let running: Promise<void> = Promise.resolve();
  const write = async () => {
    try {
      const report = await tableStatus({
        mappings: options.mappings,
        warehouse: options.warehouse,
        speedLayer: options.speedLayer,
        defaultFreshnessMinutes: LOCAL_FRESHNESS_MINUTES,
        deadLetters: await options.deadLetters(),
        now: new Date(),
      });
      await writeFile(`${file}.tmp`, `${JSON.stringify(report, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
    } catch (error) {
      options.log?.(`status snapshot not written: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const timer = setInterval(() => {
    running = running.then(write);
  }, EVERY_MS);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
