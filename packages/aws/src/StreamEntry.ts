/** One Kinesis record to write: its bytes, its partition key, and what it carries (named in errors). */
export interface StreamEntry {
  readonly data: Uint8Array;
  readonly partitionKey: string;
  /** The file and rows the record carries (`dms/…/orders/20261123-000102345.parquet rows 0-499`). */
  readonly label: string;
}
