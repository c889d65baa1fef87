import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cancelDlqRedrive, type MoveTaskStatus, type ReplayQueues, redriveDlq } from '../src/index.js';

// This file answers the three move-task calls itself over the SQS JSON protocol (the real SDK client talks to it),
// so it can script what the local stack's endpoint never does (a task that stalls, handles that vanish). The local
// stack's own move tasks carry the end-to-end test (packages/cli/test/dlqReplay.e2e.test.ts). Not run on a real SQS.
const queues: ReplayQueues = {
  sourceUrl: 'http://unused/000000000000/ferry-test-warehouse',
  sourceArn: 'arn:aws:sqs:ap-northeast-2:000000000000:ferry-test-warehouse',
  dlqUrl: 'http://unused/000000000000/ferry-test-warehouse-dlq',
  dlqArn: 'arn:aws:sqs:ap-northeast-2:000000000000:ferry-test-warehouse-dlq',
};

interface Task {
  TaskHandle: string;
  Status: string;
  SourceArn: string;
  DestinationArn?: string;
  MaxNumberOfMessagesPerSecond?: number;
  ApproximateNumberOfMessagesMoved: number;
  ApproximateNumberOfMessagesToMove: number;
  StartedTimestamp: number;
}

const requests: { target: string; body: Record<string, unknown> }[] = [];
let tasks: Task[] = [];
/** Each ListMessageMoveTasks call advances a running task by 2 of its 5 messages. */
let advance = true;
let endpoint: string;
let stop: () => Promise<void>;

function answer(target: string, body: Record<string, unknown>): [number, unknown] {
  switch (target) {
    case 'AmazonSQS.StartMessageMoveTask': {
      const task: Task = {
        TaskHandle: `handle-${tasks.length + 1}`,
        Status: 'RUNNING',
        SourceArn: String(body.SourceArn),
        DestinationArn: body.DestinationArn as string | undefined,
        MaxNumberOfMessagesPerSecond: body.MaxNumberOfMessagesPerSecond as number | undefined,
        ApproximateNumberOfMessagesMoved: 0,
        ApproximateNumberOfMessagesToMove: 5,
        StartedTimestamp: Date.parse('2024-05-01T12:00:00Z'),
      };
      tasks.unshift(task);
      return [200, { TaskHandle: task.TaskHandle }];
    }
    case 'AmazonSQS.ListMessageMoveTasks': {
      const results = tasks.filter((t) => t.SourceArn === body.SourceArn).slice(0, Number(body.MaxResults ?? 1));
      const listed = results.map((t) => ({ ...t }));
      for (const t of results) {
        if (advance && t.Status === 'RUNNING') {
          t.ApproximateNumberOfMessagesMoved = Math.min(5, t.ApproximateNumberOfMessagesMoved + 2);
          if (t.ApproximateNumberOfMessagesMoved === 5) t.Status = 'COMPLETED';
        }
      }
      // SQS gives the handle only while the task runs.
      return [
        200,
        { Results: listed.map(({ TaskHandle, ...t }) => (t.Status === 'RUNNING' ? { TaskHandle, ...t } : t)) },
      ];
    }
    case 'AmazonSQS.CancelMessageMoveTask': {
      const task = tasks.find((t) => t.TaskHandle === body.TaskHandle);
      if (!task) return [400, { __type: 'com.amazonaws.sqs#ResourceNotFoundException', message: 'no such task' }];
      task.Status = 'CANCELLED';
      return [200, { ApproximateNumberOfMessagesMoved: task.ApproximateNumberOfMessagesMoved }];
    }
    default:
      return [400, { __type: 'com.amazonaws.sqs#UnsupportedOperation', message: target }];
  }
}

beforeAll(async () => {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target']);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ target, body });
      const [status, payload] = answer(target, body);
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'req' });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stop = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
});
afterAll(() => stop?.());
beforeEach(() => {
  requests.length = 0;
  tasks = [];
  advance = true;
});

const client = () =>
  new SQSClient({
    endpoint,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });

describe('redriveDlq (unfiltered replay: SQS message move task)', () => {
  it('starts one task from the DLQ to its source queue at --rate, reports the handle and progress until done', async () => {
    const sqs = client();
    const progress: MoveTaskStatus[] = [];
    let handle: string | undefined;

    const final = await redriveDlq({
      sqs,
      queues,
      rate: 20,
      onStarted: (h) => {
        handle = h;
      },
      onProgress: (s) => progress.push(s),
      sleep: async () => {},
    });

    expect(requests.find((r) => r.target === 'AmazonSQS.StartMessageMoveTask')?.body).toEqual({
      SourceArn: queues.dlqArn,
      DestinationArn: queues.sourceArn,
      MaxNumberOfMessagesPerSecond: 20,
    });
    expect(handle).toBe('handle-1');
    expect(progress.map((p) => [p.status, p.moved])).toEqual([
      ['RUNNING', 0],
      ['RUNNING', 2],
      ['RUNNING', 4],
      ['COMPLETED', 5],
    ]);
    expect(final).toMatchObject({ status: 'COMPLETED', moved: 5, toMove: 5, taskHandle: undefined });
    sqs.destroy();
  });

  it('refuses to start a second task while one runs, naming its handle', async () => {
    const sqs = client();
    advance = false;
    tasks = [
      {
        TaskHandle: 'handle-running',
        Status: 'RUNNING',
        SourceArn: queues.dlqArn,
        ApproximateNumberOfMessagesMoved: 1,
        ApproximateNumberOfMessagesToMove: 5,
        StartedTimestamp: 0,
      },
    ];
    await expect(redriveDlq({ sqs, queues })).rejects.toThrow(/already runs .*handle-running.*--cancel/);
    expect(requests.map((r) => r.target)).not.toContain('AmazonSQS.StartMessageMoveTask');
    sqs.destroy();
  });

  it('--cancel cancels the running task by its handle and says how many moved', async () => {
    const sqs = client();
    advance = false;
    tasks = [
      {
        TaskHandle: 'handle-running',
        Status: 'RUNNING',
        SourceArn: queues.dlqArn,
        ApproximateNumberOfMessagesMoved: 3,
        ApproximateNumberOfMessagesToMove: 5,
        StartedTimestamp: 0,
      },
    ];
    expect(await cancelDlqRedrive(sqs, queues.dlqArn)).toEqual({ taskHandle: 'handle-running', moved: 3 });
    expect(requests.at(-1)).toEqual({
      target: 'AmazonSQS.CancelMessageMoveTask',
      body: { TaskHandle: 'handle-running' },
    });
    await expect(cancelDlqRedrive(sqs, queues.dlqArn)).rejects.toThrow(/no message move task runs .*CANCELLED/);
    sqs.destroy();
  });

  it('rejects a --rate SQS would refuse before starting anything', async () => {
    const sqs = client();
    await expect(redriveDlq({ sqs, queues, rate: 501 })).rejects.toThrow(/1-500/);
    expect(requests.map((r) => r.target)).not.toContain('AmazonSQS.StartMessageMoveTask');
    sqs.destroy();
  });
});
