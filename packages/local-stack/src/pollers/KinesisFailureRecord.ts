/**
 * What a Kinesis event source mapping sends its on-failure destination when a batch's retries run out: metadata
 * only (shard and sequence range), never the records. Read them back from the stream while it retains them.
 */
export interface KinesisFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: 'RetryAttemptsExhausted';
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: '$LATEST';
    /** `Unhandled` when the handler threw; absent when it returned batch item failures. */
    readonly functionError?: string;
  };
  readonly version: '1.0';
  /** ISO time of the decision. */
  readonly timestamp: string;
  readonly KinesisBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    /** ISO times. */
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}
