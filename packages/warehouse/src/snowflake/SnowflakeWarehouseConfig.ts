import type { SnowflakeConnectConfig } from './SnowflakeConnectConfig.js';
import type { SnowflakeReadyConfig } from './SnowflakeReadyConfig.js';
import type { SnowflakeStagingOptions } from './SnowflakeStagingOptions.js';

/** Options of `SnowflakeWarehouse.open`. */
export type SnowflakeWarehouseConfig = (SnowflakeConnectConfig | SnowflakeReadyConfig) & SnowflakeStagingOptions;
