/** What `ferry dev` runs (see `runDev`). */
export interface DevOptions {
  /** Mapping folder, used with `input`; the demo writer brings its own mappings. */
  readonly mappingsDir: string;
  readonly warehouse: string;
  readonly speedLayer: string;
  /** A folder laid out like the landing bucket to upload instead of running the demo writer. */
  readonly input: string | undefined;
  /** Demo writer: row changes per second, all tables together. */
  readonly rate: number;
  /** Demo writer: files are written every this many milliseconds (one per source and table that changed). */
  readonly tickMillis: number;
  readonly seed: number;
  /** Stop writing after this many seconds, drain, print the summary and exit; `undefined`: until Ctrl-C. */
  readonly durationSeconds: number | undefined;
  readonly json: boolean;
  /** Where logs go (`<stateDir>/logs/<function>.log`). */
  readonly stateDir: string;
  readonly maskKey: string;
  /** Kinesis shards of the local stream. */
  readonly shards: number;
  /** The warehouse loader's minimum merge interval per target, in seconds (0: every batch). */
  readonly mergeIntervalSeconds?: number;
}
