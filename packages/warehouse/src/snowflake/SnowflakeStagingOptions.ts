/** Staging options of `SnowflakeWarehouse.open`, whichever way it connects. */
export interface SnowflakeStagingOptions {
  /**
   * The most bound values (rows × staging columns) per array-bind INSERT; default 90,000, below the SDK's
   * `CLIENT_STAGE_ARRAY_BINDING_THRESHOLD` (100,000), above which it would PUT the binds into a stage instead.
   */
  readonly bindsPerInsert?: number;
}
