import type { DmsParquetOptions } from './DmsParquetOptions.js';
import type { WorkloadTableName } from './WorkloadOptions.js';

/** What `DemoDmsWriter` streams. Everything but `seed` and `rowsPerTick` has a default. */
export interface DemoWriterOptions {
  readonly seed: number;
  /** Source names (mapping `source`, landing prefix `dms/<source>/`). Default `['brand-a', 'brand-b']`. */
  readonly sources?: readonly string[];
  /** Which tables each source has. Default: all of `WORKLOAD_TABLES`. */
  readonly tables?: readonly WorkloadTableName[];
  /** Row changes per CDC tick, all sources and tables together (≥ 1). */
  readonly rowsPerTick: number;
  /** Rows of the first tick's full load, all together; each table gets at least its 3 edge rows. Default 200. */
  readonly fullLoadRows?: number;
  /**
   * Live rows the stream holds at most, all together: once a table reaches its share, inserts give way to
   * deletes, so memory stays bounded however long it runs. Default twice `fullLoadRows`.
   */
  readonly liveRows?: number;
  /** Simulated clock start, ISO. Default: now, floored to the second. */
  readonly start?: string;
  /** Simulated time between ticks (≥ 1). CDC file names advance by it. Default 1000. */
  readonly tickMillis?: number;
  /**
   * Every this many ticks one table of one source gets `ADD COLUMN` (until the demo's few extra columns
   * are used up). Default 120; 0 = never.
   */
  readonly addColumnEveryTicks?: number;
  /** As in `WorkloadOptions`. Default `true`. */
  readonly consolidated?: boolean;
  /** The mappings' `warehouse.deletes`. Default `soft`. */
  readonly deletes?: 'soft' | 'hard';
  /** Tables whose files carry `AR_H_CHANGE_SEQ`. Default orders and order_items. */
  readonly sequenceTables?: readonly WorkloadTableName[];
  /** Compression and row-group size of every file. Default: DMS's (none, 10,024). */
  readonly parquet?: DmsParquetOptions;
}
