/** What one DLQ message says, read without moving it: the files it names and what SQS knows of its history. */
export interface DlqMessage {
  readonly messageId: string;
  /** The created objects the S3 notification names; empty for `s3:TestEvent` or a body ferry cannot read. */
  readonly files: readonly {
    readonly key: string;
    /** `schema.table`, or `undefined` when no mapping covers the key (`note` says why). */
    readonly table: string | undefined;
    /** ISO time of the S3 event. */
    readonly eventTime: string;
    readonly note?: string;
  }[];
  /** `ApproximateReceiveCount`: how often consumers received it before (and since) it reached the DLQ. */
  readonly receiveCount: number | undefined;
  /** `SentTimestamp` as ISO: when it first entered its source queue (SQS keeps it through the redrive). */
  readonly sentAt: string | undefined;
  /** Why the body is not a replayable S3 notification; such messages stay in the DLQ. */
  readonly invalid?: string;
}
