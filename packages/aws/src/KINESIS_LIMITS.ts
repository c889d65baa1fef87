/** Kinesis Data Streams quotas the producer keeps to (FACTS.md §3: KDS quotas, on-demand billing). */
export const KINESIS_LIMITS = {
  /** PutRecords: at most 500 records per call. */
  maxRecordsPerCall: 500,
  /** PutRecords: at most 5 MiB per call, data and partition keys together. */
  maxBytesPerCall: 5 * 1024 * 1024,
  /** One record: at most 1 MiB, data and partition key together. */
  maxRecordBytes: 1024 * 1024,
  /** A partition key is 1 to 256 Unicode characters. */
  maxPartitionKeyLength: 256,
  /** On-demand streams bill each record rounded up to this many bytes. */
  billingUnitBytes: 1024,
} as const;
