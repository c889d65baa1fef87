/** Staging options of `SnowflakeWarehouse.open`, whichever way it connects. */
export interface SnowflakeStagingOptions {
  /**
   * How a batch reaches the session's staging table (README §Snowflake staging, docs/benchmarks.md):
   * - `'copy'` (default): one gzip CSV file, `PUT` into a session temporary stage, one `COPY INTO`. A
   *   batch costs the same few requests at any size, and the file travels compressed. The role needs
   *   CREATE STAGE on the session's schema.
   * - `'binds'`: array-bind INSERTs of at most `bindsPerInsert` values each; no stage, no extra grant.
   */
  readonly staging?: 'binds' | 'copy';
  /**
   * `staging: 'binds'`: the most bound values (rows × staging columns) per array-bind INSERT; default 90,000,
   * below the SDK's `CLIENT_STAGE_ARRAY_BINDING_THRESHOLD` (100,000), above which it would PUT the binds into a
   * stage instead.
   */
  readonly bindsPerInsert?: number;
  /** `staging: 'copy'`: where the CSV file is written before its PUT (and removed after); `os.tmpdir()` unless given. */
  readonly stagingDirectory?: string;
}
