import type { TableRef } from './TableRef.js';

/**
 * What a DMS object key says about the file (FACTS.md §1, layout).
 *
 * `ordinal` is an 18-digit string that orders files of one kind within a table:
 * - CDC: the name time `yyyyMMddHHmmssSSS` plus a tenth digit (0 when the name has 9 digits);
 * - full load: the 4-digit segment number, then the hexadecimal LOAD counter as 14 decimal digits.
 */
export interface DmsFile {
  /** The full object key, unchanged: the identity the ledgers record. */
  readonly key: string;
  /** The mapping source this key belongs to (e.g. `brand-a`). */
  readonly source: string;
  readonly table: TableRef;
  readonly kind: 'full-load' | 'cdc';
  readonly format: 'parquet' | 'csv';
  readonly gzip: boolean;
  readonly fileName: string;
  readonly ordinal: string;
  /** CDC only: the file's name time in UTC as an ISO string (millisecond precision, 10th digit dropped). */
  readonly fileTime?: string;
  /** Full load only: the `SEGMENTn_` number (0 when absent) and the LOAD counter. */
  readonly segment?: number;
  readonly loadCounter?: number;
  /** Full load only: the `<table>/<partition>/` folder of a partitioned full load. */
  readonly partition?: string;
}
