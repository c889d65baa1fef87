/**
 * The faults a chaos run injects, each counted when it actually fires (not when planned):
 *
 * - `crash-before-work`: a handler dies before it does anything (every function);
 * - `crash-after-staging`: the warehouse's MERGE fails after staging (Snowflake aborts the transaction,
 *   BigQuery loses a concurrent update);
 * - `crash-after-commit`: a handler dies after its work committed, before acknowledging;
 * - `crash-mid-put-records`: the forwarder dies right after a PutRecords call reached Kinesis;
 * - `crash-mid-merge-transaction`: the speed layer's connection breaks inside a transaction;
 * - `duplicate-s3-event`: an object's event is published 2 or 3 times;
 * - `late-full-load`: a full-load file arrives after CDC files of its table;
 * - `sqs-redelivery`: a batch is processed, then reported failed, so SQS delivers it again;
 * - `kinesis-redelivery`: a batch is applied, then reported failed, so the shard is read again;
 * - `speed-layer-restart`: the speed-layer database is unreachable for 1–3 s (open connections cut);
 * - `warehouse-error`: DuckDB unavailable, BigQuery's 409 on an insert whose job ran, Snowflake's lock timeout;
 * - `put-records-throttled`: part of a PutRecords call is refused with ProvisionedThroughputExceeded;
 * - `process-killed`: every invocation in flight dies at its next I/O and is never acknowledged.
 */
export const FAULT_KINDS = [
  'crash-before-work',
  'crash-after-staging',
  'crash-after-commit',
  'crash-mid-put-records',
  'crash-mid-merge-transaction',
  'duplicate-s3-event',
  'late-full-load',
  'sqs-redelivery',
  'kinesis-redelivery',
  'speed-layer-restart',
  'warehouse-error',
  'put-records-throttled',
  'process-killed',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];
