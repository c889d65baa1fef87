import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

export interface SqsPollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: Lambda handlers may return nothing, which means success.
  readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
  readonly functionName: string;
  /** Messages per invocation; default 10, up to 10,000 (several ReceiveMessage calls of ≤ 10 fill it). */
  readonly batchSize?: number;
  /** How long to keep gathering a batch that is not full (Lambda's MaximumBatchingWindowInSeconds); default 0. */
  readonly batchingWindowMs?: number;
  /** Batches handled at once; default 1. */
  readonly concurrency?: number;
  /** Wait after an empty receive; default 100 ms. */
  readonly pollIntervalMs?: number;
  /** What `context.getRemainingTimeInMillis()` starts from; default 60 s. Not enforced. */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}
