import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';

export interface KinesisPollerOptions {
  readonly kinesis: KinesisClient;
  readonly streamName: string;
  readonly streamArn: string;
  readonly region: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: Lambda handlers may return nothing, which means success.
  readonly handler: (event: KinesisStreamEvent, context: Context) => Promise<KinesisStreamBatchResponse | void>;
  readonly functionName: string;
  /** Records per invocation; default 100, up to 10,000. */
  readonly batchSize?: number;
  /** How long to keep gathering a batch that is not full (MaximumBatchingWindowInSeconds); default 0. */
  readonly batchingWindowMs?: number;
  /** Retries of a failed batch; default -1, forever, as in AWS (a poison record then blocks its shard). */
  readonly maximumRetryAttempts?: number;
  /** Split a failed batch in halves and retry each; default false. */
  readonly bisectBatchOnFunctionError?: boolean;
  /** Where the metadata of a batch whose retries ran out goes (an SQS queue, as the merge worker's destination). */
  readonly onFailure?: { readonly sqs: SQSClient; readonly queueUrl: string };
  /** Default TRIM_HORIZON. */
  readonly startingPosition?: 'TRIM_HORIZON' | 'LATEST';
  /** Wait after an empty GetRecords; default 100 ms (Lambda polls each shard about once a second). */
  readonly pollIntervalMs?: number;
  /** What `context.getRemainingTimeInMillis()` starts from; default 60 s. Not enforced. */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}
