/** How `packChangeRecords` packs rows into Kinesis records. */
export interface PackOptions {
  /**
   * Partition-key buckets per table (default 64): more spreads a table over more shards, fewer packs more
   * rows per record. Keep it fixed for a stream: changing it moves rows to other keys.
   */
  readonly buckets?: number;
  /** Most JSON bytes of one record before compression (default 256 KiB); a larger row goes alone. */
  readonly maxRecordBytes?: number;
  /** Most rows in one record (default 500), so one bad record holds back few rows. */
  readonly maxRows?: number;
}
