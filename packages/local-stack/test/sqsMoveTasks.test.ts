import {
  CancelMessageMoveTaskCommand,
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksResultEntry,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, type LocalStack, startLocalStack } from '../src/index.js';
import { startSqsEndpoint } from '../src/sqs/startSqsEndpoint.js';
import { drainQueue } from './drainQueue.js';
import { waitFor } from './waitFor.js';

let stack: LocalStack | undefined;
let sqs: SQSClient | undefined;

afterEach(async () => {
  sqs?.destroy();
  sqs = undefined;
  await stack?.stop();
  stack = undefined;
});

async function start() {
  stack = await startLocalStack({ maxReceiveCount: 1, visibilityTimeoutSeconds: 1 });
  sqs = new SQSClient(stack.clientConfig('sqs'));
  const arnOf = async (queueUrl: string) =>
    (await sqs!.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))).Attributes!
      .QueueArn!;
  const t = stack.topology;
  return { stack, sqs, dlqArn: await arnOf(t.warehouseDlqUrl), arnOf };
}

/** Sends to the warehouse queue, then receives without deleting until SQS has dead-lettered every message. */
async function deadLetter(stack: LocalStack, sqs: SQSClient, bodies: readonly string[]): Promise<void> {
  const t = stack.topology;
  for (const [i, body] of bodies.entries()) {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: t.warehouseQueueUrl,
        MessageBody: body,
        MessageAttributes: { index: { DataType: 'Number', StringValue: String(i) } },
      }),
    );
  }
  await waitFor('the messages to reach the DLQ', async () => {
    await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: t.warehouseQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    const dlq = await stack.queueDepth(t.warehouseDlqUrl);
    return dlq.visible === bodies.length ? true : undefined;
  });
}

const list = async (sqs: SQSClient, sourceArn: string): Promise<ListMessageMoveTasksResultEntry[]> =>
  (await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: sourceArn, MaxResults: 10 }))).Results ?? [];

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('expected the call to be refused');
}

describe('SQS message move tasks on the local stack', () => {
  it('moves dead-lettered messages back to their source queue, bodies and attributes intact', async () => {
    const { stack, sqs, dlqArn } = await start();
    const bodies = ['{"file":"a"}', '{"file":"b"}', 'plain text 한글'];
    await deadLetter(stack, sqs, bodies);

    const { TaskHandle } = await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    expect(TaskHandle).toEqual(expect.any(String));
    const done = await waitFor('the task to end', async () => {
      const [latest] = await list(sqs, dlqArn);
      return latest?.Status === 'RUNNING' ? undefined : latest;
    });

    expect(done).toEqual({
      Status: 'COMPLETED',
      SourceArn: dlqArn,
      ApproximateNumberOfMessagesMoved: 3,
      ApproximateNumberOfMessagesToMove: 3,
      StartedTimestamp: expect.any(Number),
    });
    expect(await stack.queueDepth(stack.topology.warehouseDlqUrl)).toEqual({ visible: 0, inFlight: 0 });
    const back = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.topology.warehouseQueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    const moved = (back.Messages ?? []).map((m) => [m.Body, m.MessageAttributes?.index?.StringValue]);
    expect(moved.sort()).toEqual(bodies.map((b, i) => [b, String(i)]).sort());
  });

  it('lists progress while it runs at MaxNumberOfMessagesPerSecond, newest task first', async () => {
    const { stack, sqs, dlqArn, arnOf } = await start();
    await deadLetter(stack, sqs, ['1', '2', '3']);
    const destination = await arnOf(stack.topology.mergeFailureQueueUrl);

    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: dlqArn,
        DestinationArn: destination,
        MaxNumberOfMessagesPerSecond: 2,
      }),
    );
    const seen: ListMessageMoveTasksResultEntry[] = [];
    await waitFor('the task to complete', async () => {
      const [latest] = await list(sqs, dlqArn);
      if (latest) seen.push(latest);
      return latest?.Status === 'COMPLETED' ? true : undefined;
    });

    const running = seen.filter((s) => s.Status === 'RUNNING');
    expect(running.length).toBeGreaterThan(0);
    for (const s of running) {
      expect(s).toMatchObject({
        TaskHandle,
        SourceArn: dlqArn,
        DestinationArn: destination,
        MaxNumberOfMessagesPerSecond: 2,
        ApproximateNumberOfMessagesToMove: 3,
      });
    }
    const counts = seen.map((s) => s.ApproximateNumberOfMessagesMoved);
    expect(counts).toEqual([...counts].sort());
    expect(seen.at(-1)).toMatchObject({ Status: 'COMPLETED', ApproximateNumberOfMessagesMoved: 3 });
    expect(seen.at(-1)?.TaskHandle).toBeUndefined();
    expect((await drainQueue(sqs, stack.topology.mergeFailureQueueUrl)).map((m) => m.Body).sort()).toEqual([
      '1',
      '2',
      '3',
    ]);

    // MaxResults defaults to 1 and the newest task comes first.
    await deadLetter(stack, sqs, ['4']);
    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    await waitFor('the second task to complete', async () =>
      (await list(sqs, dlqArn))[0]?.Status === 'COMPLETED' ? true : undefined,
    );
    const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
    expect(Results.map((r) => [r.DestinationArn, r.ApproximateNumberOfMessagesMoved])).toEqual([[undefined, 1]]);
    expect((await list(sqs, dlqArn)).map((r) => r.DestinationArn)).toEqual([undefined, destination]);
  });

  it('refuses a second task on the same DLQ while one runs; Cancel stops it and a new one moves the rest', async () => {
    const { stack, sqs, dlqArn } = await start();
    await deadLetter(stack, sqs, ['1', '2', '3', '4', '5']);

    const { TaskHandle } = await sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: 1 }),
    );
    const second = await refusal(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn })));
    expect(second).toEqual({ name: 'UnsupportedOperation', message: expect.stringMatching(/already running/) });

    const { ApproximateNumberOfMessagesMoved: moved = -1 } = await sqs.send(
      new CancelMessageMoveTaskCommand({ TaskHandle }),
    );
    const [cancelled] = await list(sqs, dlqArn);
    expect(cancelled).toMatchObject({ Status: 'CANCELLED', ApproximateNumberOfMessagesMoved: moved });
    expect(cancelled?.TaskHandle).toBeUndefined();
    // Nothing half-moved: what was not moved is back in the DLQ, visible at once.
    expect(await stack.queueDepth(stack.topology.warehouseQueueUrl)).toEqual({ visible: moved, inFlight: 0 });
    expect(await stack.queueDepth(stack.topology.warehouseDlqUrl)).toEqual({ visible: 5 - moved, inFlight: 0 });
    const again = await refusal(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle })));
    expect(again.message).toMatch(/CANCELLED: only a RUNNING task can be cancelled/);

    await sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
    const done = await waitFor('the new task to complete', async () => {
      const [latest] = await list(sqs, dlqArn);
      return latest?.Status === 'COMPLETED' ? latest : undefined;
    });
    expect(done.ApproximateNumberOfMessagesMoved).toBe(5 - moved);
    expect((await drainQueue(sqs, stack.topology.warehouseQueueUrl)).map((m) => m.Body).sort()).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
  });

  it('refuses what SQS refuses: a source that is no DLQ, unknown queues and handles, rates and page sizes out of range', async () => {
    const { stack, sqs, dlqArn, arnOf } = await start();
    const notDlq = await arnOf(stack.topology.warehouseQueueUrl);
    const missing = dlqArn.replace(/[^:]+$/, 'no-such-queue');

    expect(await refusal(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: notDlq })))).toEqual({
      name: 'InvalidParameterValue',
      message: expect.stringMatching(/must be configured as a Dead Letter Queue/),
    });
    expect(await refusal(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: missing })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(
      await refusal(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: missing }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', message: expect.stringMatching(/DestinationArn/) });
    expect(await refusal(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: 'not-an-arn' })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    for (const rate of [0, 501, 1.5]) {
      expect(
        await refusal(
          sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, MaxNumberOfMessagesPerSecond: rate })),
        ),
      ).toMatchObject({ name: 'InvalidParameterValue', message: expect.stringMatching(/1 and 500/) });
    }
    expect(
      await refusal(sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 11 }))),
    ).toMatchObject({ name: 'InvalidParameterValue', message: expect.stringMatching(/MaxResults/) });
    expect(await refusal(sqs.send(new ListMessageMoveTasksCommand({ SourceArn: missing })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await refusal(sqs.send(new CancelMessageMoveTaskCommand({ TaskHandle: 'no-such-task' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await list(sqs, dlqArn)).toEqual([]);

    // This SQS does not record which queue dead-lettered a message: a shared DLQ needs a DestinationArn.
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'second-source',
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '1' }) },
      }),
    );
    expect(await refusal(sqs.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn })))).toEqual({
      name: 'InvalidParameterValue',
      message: expect.stringMatching(/DLQ of 2 queues .*give DestinationArn/),
    });

    // Malformed requests, which the SDK would not send.
    const raw = async (target: string, body: string) => {
      const response = await fetch(stack.endpoints.sqs, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${target}` },
        body,
      });
      return { status: response.status, body: (await response.json()) as { __type: string; message: string } };
    };
    expect(await raw('StartMessageMoveTask', '{}')).toEqual({
      status: 400,
      body: { __type: 'com.amazonaws.sqs#MissingParameter', message: expect.stringMatching(/SourceArn/) },
    });
    expect(await raw('CancelMessageMoveTask', 'not json')).toMatchObject({
      status: 400,
      body: { __type: 'com.amazonaws.sqs#SerializationException' },
    });
  });

  it('fails the task, naming the reason, when the destination goes away mid-move; the rest stays in the DLQ', async () => {
    const { stack, sqs, dlqArn, arnOf } = await start();
    await deadLetter(stack, sqs, ['1', '2', '3']);
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'short-lived' }));
    await sqs.send(
      new StartMessageMoveTaskCommand({
        SourceArn: dlqArn,
        DestinationArn: await arnOf(QueueUrl!),
        MaxNumberOfMessagesPerSecond: 1,
      }),
    );
    await sqs.send(new DeleteQueueCommand({ QueueUrl }));

    const failed = await waitFor('the task to end', async () => {
      const [latest] = await list(sqs, dlqArn);
      return latest?.Status === 'RUNNING' ? undefined : latest;
    });
    expect(failed).toMatchObject({ Status: 'FAILED', FailureReason: expect.stringMatching(/QueueDoesNotExist/) });
    const moved = failed.ApproximateNumberOfMessagesMoved ?? -1;
    expect(await stack.queueDepth(stack.topology.warehouseDlqUrl)).toEqual({ visible: 3 - moved, inFlight: 0 });
  });

  it('answers 503 ServiceUnavailable when fauxqs does not answer a forwarded call', async () => {
    const endpoint = await startSqsEndpoint({
      upstream: `http://127.0.0.1:${await freePort()}`,
      region: 'ap-northeast-2',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    try {
      const response = await fetch(endpoint.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' },
        body: '{}',
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ __type: 'com.amazonaws.sqs#ServiceUnavailable' });
    } finally {
      await endpoint.stop();
    }
  });

  it('forwards every other SQS call to fauxqs unchanged, errors included', async () => {
    const { stack, sqs } = await start();
    expect(stack.clientConfig('sqs').endpoint).toBe(stack.endpoints.sqs);

    // The queue URLs the stack handed out work through the endpoint.
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.topology.mergeFailureQueueUrl, MessageBody: 'hello' }));
    expect((await drainQueue(sqs, stack.topology.mergeFailureQueueUrl)).map((m) => m.Body)).toEqual(['hello']);

    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'made-through-the-endpoint' }));
    expect((await sqs.send(new GetQueueUrlCommand({ QueueName: 'made-through-the-endpoint' }))).QueueUrl).toBe(
      QueueUrl,
    );
    const big = 'x'.repeat(200_000);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: big,
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'large' } },
      }),
    );
    const [message] = await drainQueue(sqs, QueueUrl!);
    expect(message?.Body).toBe(big);

    expect(await refusal(sqs.send(new GetQueueUrlCommand({ QueueName: 'no-such-queue' })))).toMatchObject({
      name: 'QueueDoesNotExist',
    });
  });

  it('stop() ends a running task', async () => {
    const started = await start();
    await deadLetter(started.stack, started.sqs, ['1', '2', '3']);
    await started.sqs.send(
      new StartMessageMoveTaskCommand({ SourceArn: started.dlqArn, MaxNumberOfMessagesPerSecond: 1 }),
    );
    stack = undefined;
    await expect(started.stack.stop()).resolves.toBeUndefined();
  });
});
