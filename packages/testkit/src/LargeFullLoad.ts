import type { ColumnSpec } from '@ferry/core';
import type { MappingTableJson } from './MappingTableJson.js';

/** What `writeLargeFullLoad` wrote: one full-load file of the `shop.orders` schema. */
export interface LargeFullLoad {
  readonly path: string;
  readonly rows: number;
  readonly bytes: number;
  /** `shop.orders`: the mapping key a file under `<prefix>shop/orders/` resolves to. */
  readonly table: string;
  /** The file's columns as ferry should read them (`DMS_TIMESTAMP` first, no `Op`). */
  readonly columns: readonly ColumnSpec[];
  /** A mapping entry for the table (warehouse `bench.orders`, speed layer `bench_orders`, soft deletes). */
  readonly mapping: MappingTableJson;
}
