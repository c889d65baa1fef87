import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { LocalStackError } from '../LocalStackError.js';
import { lambdaContext } from './lambdaContext.js';
import type { Poller } from './Poller.js';
import { readItemFailures } from './readItemFailures.js';
import type { SqsPollerOptions } from './SqsPollerOptions.js';
import { sleep } from './sleep.js';
import { sqsRecord } from './sqsRecord.js';

const MAX_RECEIVE = 10;

/**
 * Polls an SQS queue and invokes `handler` as Lambda's SQS event source mapping does, with ReportBatchItemFailures
 * on:
 * - the handler returns normally → every message of the batch is deleted;
 * - it throws → none is deleted: they come back after the visibility timeout, and the queue's RedrivePolicy moves
 *   them to the DLQ after maxReceiveCount receives;
 * - it returns `batchItemFailures` → all others are deleted; an unknown, empty or missing `itemIdentifier` fails
 *   the whole batch, as in AWS.
 *
 * @example
 * const poller = startSqsPoller({ sqs, queueUrl, queueArn, region, functionName: 'warehouse-loader', handler });
 * await poller.stop();
 */
export function startSqsPoller(options: SqsPollerOptions): Poller {
  const batchSize = options.batchSize ?? 10;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new LocalStackError(`SQS batchSize ${batchSize} is outside 1..10,000`, {
      hint: 'Lambda allows 1 to 10,000 messages per batch for a standard queue',
    });
  }
  const window = options.batchingWindowMs ?? 0;
  const pollInterval = options.pollIntervalMs ?? 100;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const log = options.log ?? (() => {});
  const controller = new AbortController();
  const { signal } = controller;
  let invocations = 0;
  let failures = 0;

  async function receive(count: number): Promise<Message[]> {
    const { Messages = [] } = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: count,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
        WaitTimeSeconds: 0,
      }),
    );
    return Messages;
  }

  /** A batch as Lambda gathers one: up to batchSize, waiting up to the batching window once a first message is in. */
  async function gather(): Promise<Message[]> {
    const messages: Message[] = [];
    let deadline: number | undefined;
    while (!signal.aborted) {
      const want = Math.min(MAX_RECEIVE, batchSize - messages.length);
      const got = await receive(want);
      messages.push(...got);
      if (messages.length === 0 || messages.length >= batchSize) break;
      deadline ??= Date.now() + window;
      if (got.length === want) continue; // more may be waiting right now
      if (Date.now() >= deadline) break;
      await sleep(Math.min(pollInterval, deadline - Date.now()), signal);
    }
    return messages;
  }

  async function invoke(messages: Message[]): Promise<void> {
    const records = messages.map((message) => sqsRecord(message, options.queueArn, options.region));
    const context = lambdaContext({ functionName: options.functionName, region: options.region, timeoutMs });
    invocations++;
    let result: unknown;
    try {
      result = await options.handler({ Records: records }, context);
    } catch (error) {
      failures++;
      log(`${options.functionName} ${context.awsRequestId}: ${records.length} messages failed, none deleted: ${error}`);
      return;
    }
    const outcome = readItemFailures(result, new Set(records.map((record) => record.messageId)));
    if (outcome.kind === 'invalid') {
      failures++;
      log(`${options.functionName} ${context.awsRequestId}: whole batch failed, none deleted: ${outcome.reason}`);
      return;
    }
    let done = records;
    if (outcome.kind === 'partial') {
      failures++;
      const failed = new Set(outcome.ids);
      done = records.filter((record) => !failed.has(record.messageId));
      log(`${options.functionName} ${context.awsRequestId}: ${failed.size} of ${records.length} messages failed`);
    }
    for (let i = 0; i < done.length; i += MAX_RECEIVE) {
      const chunk = done.slice(i, i + MAX_RECEIVE);
      const { Failed = [] } = await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: chunk.map((record, j) => ({ Id: String(j), ReceiptHandle: record.receiptHandle })),
        }),
      );
      for (const failed of Failed) log(`${options.functionName}: delete failed (${failed.Code}): ${failed.Message}`);
    }
  }

  /** Gives received-but-not-invoked messages back at once rather than after the visibility timeout. */
  async function release(messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += MAX_RECEIVE) {
      await options.sqs
        .send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: messages
              .slice(i, i + MAX_RECEIVE)
              .map((message, j) => ({ Id: String(j), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 })),
          }),
        )
        .catch(() => {}); // they come back after the visibility timeout anyway
    }
  }

  async function work(): Promise<void> {
    while (!signal.aborted) {
      try {
        const messages = await gather();
        if (messages.length === 0) {
          await sleep(pollInterval, signal);
        } else if (signal.aborted) {
          await release(messages);
        } else {
          await invoke(messages);
        }
      } catch (error) {
        // A failed receive or delete: Lambda's poller retries too. Undeleted messages come back on their own.
        log(`${options.functionName}: poll failed, retrying: ${error}`);
        await sleep(pollInterval, signal);
      }
    }
  }

  const workers = Array.from({ length: options.concurrency ?? 1 }, () => work());
  return {
    get invocations() {
      return invocations;
    },
    get failures() {
      return failures;
    },
    async stop() {
      controller.abort();
      await Promise.all(workers);
    },
  };
}
