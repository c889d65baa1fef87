import type { Connection } from 'snowflake-sdk';

/** A connection the caller already opened (tests, or a pool elsewhere); `close()` destroys it all the same. */
export interface SnowflakeReadyConfig {
  readonly connection: Connection;
  /** Names the warehouse in errors; defaults to `snowflake`. */
  readonly label?: string;
}
