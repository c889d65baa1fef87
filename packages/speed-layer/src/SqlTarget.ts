import type { SpeedLayerDialect } from './SpeedLayerDialect.js';
import type { SqlClient } from './SqlClient.js';

/** A database the speed layer can write, as its client and (prepared) dialect. */
export interface SqlTarget {
  readonly client: SqlClient;
  readonly dialect: SpeedLayerDialect;
}
