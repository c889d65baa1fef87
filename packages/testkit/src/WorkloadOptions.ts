import type { DmsParquetOptions } from './DmsParquetOptions.js';

/** Tables the generator can simulate (MySQL `shop` database of each source). */
export const WORKLOAD_TABLES = ['shop.customers', 'shop.orders', 'shop.order_items'] as const;
export type WorkloadTableName = (typeof WORKLOAD_TABLES)[number];

/**
 * What `generateWorkload` simulates. Everything but `seed` has a default; the same options give the same
 * workload, byte for byte, on every machine.
 */
export interface WorkloadOptions {
  readonly seed: number;
  /** About how many row changes in all (full-load rows plus CDC rows, all sources and tables). Default 600. */
  readonly rows?: number;
  /** Source names (mapping `source`, landing prefix `dms/<source>/`). Default `['brand-a', 'brand-b']`. */
  readonly sources?: readonly string[];
  /** Which tables each source has. Default: all of `WORKLOAD_TABLES`. */
  readonly tables?: readonly WorkloadTableName[];
  /**
   * `true` (default): every source feeds one consolidated target per table (warehouse `analytics.<table>`,
   * speed layer `<table>`), stamped with the tenant column `brand_id` = source name, which joins the key.
   * `false`: one target per source (`raw_<source>.<table>`, speed layer `<source>_<table>`), no tenant.
   */
  readonly consolidated?: boolean;
  /** The mappings' `warehouse.deletes`. Default `soft`. */
  readonly deletes?: 'soft' | 'hard';
  /** Tables whose files carry `AR_H_CHANGE_SEQ` and whose mapping sets `sequenceColumn`. Default orders and order_items. */
  readonly sequenceTables?: readonly WorkloadTableName[];
  /**
   * What `AR_H_CHANGE_SEQ` holds in full-load rows, which have no change sequence: `null` (default) or
   * `empty` (an empty string; Qlik Replicate, DMS's ancestor, documents the header as "empty" in full load).
   */
  readonly fullLoadSequence?: 'null' | 'empty';
  /** Full-load files per table (LOAD00000001…); 11 or more makes `LOAD0000000A` appear. Default 1. */
  readonly fullLoadFiles?: number;
  /** Share of `rows` that the full load holds. Default 0.4. */
  readonly fullLoadShare?: number;
  /** Simulated minutes of CDC, one file per table per minute that changed it. Default 10. */
  readonly minutes?: number;
  /** When the full load starts (UTC, whole minute). Default `2026-11-22T23:54:00Z`, so CDC crosses midnight. */
  readonly start?: string;
  /** Whether the first source's `shop.orders` gets `ADD COLUMN coupon_code, loyalty_points` halfway. Default true. */
  readonly addColumn?: boolean;
  /** Put CDC files under `<table>/yyyy/MM/dd/` (DMS `DatePartitionEnabled`). Default false. */
  readonly datePartitioned?: boolean;
  /** Compression and row-group size of every file. Default: DMS's (none, 10,024). */
  readonly parquet?: DmsParquetOptions;
}
