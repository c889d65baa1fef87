import type { WarehouseDialect } from '../WarehouseDialect.js';

/** Options of `DuckDbWarehouse.open`. */
export interface DuckDbWarehouseOptions {
  /**
   * The dialect to compile with; defaults to `duckDbDialect`. Another dialect's capabilities (e.g. no MERGE
   * delete) can be executed on DuckDB this way, to prove the SQL they lead to on a real engine.
   */
  readonly dialect?: WarehouseDialect;
}
