import { DeleteMessageBatchCommand, PurgeQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type LocalStack, startLocalStack } from '@ferry/local-stack';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ReplayEvent,
  type ReplayQueues,
  replayDlqMessages,
  resolveReplayQueues,
  type SqsPort,
  stageNames,
} from '../src/index.js';
import { dlqMappings, sendBodies, snsS3Body, visibleBodies } from './dlqFixtures.js';

const names = stageNames('test');
let stack: LocalStack;
let sqs: SQSClient;
let queues: ReplayQueues;

const ORDERS_1 = 'dms/brand-a/shop/orders/20240501-120000000.parquet';
const ORDERS_2 = 'dms/brand-a/shop/orders/20240501-130000000.parquet';
const ITEMS_1 = 'dms/brand-a/shop/order_items/20240501-120000000.parquet';
const NOT_S3 = '{"hello":"not an S3 event"}';

beforeAll(async () => {
  stack = await startLocalStack({ names: { ...names, bucket: 'ferry-test-landing' }, maxReceiveCount: 1 });
  sqs = new SQSClient(stack.clientConfig('sqs'));
  queues = await resolveReplayQueues(sqs, names, 'warehouse');
});
afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});
// One stack for the file: each test empties the queues it used.
afterEach(async () => {
  await sqs.send(new PurgeQueueCommand({ QueueUrl: queues.dlqUrl }));
  await sqs.send(new PurgeQueueCommand({ QueueUrl: queues.sourceUrl }));
});

const replay = (extra: Partial<Parameters<typeof replayDlqMessages>[0]> = {}) => {
  const events: ReplayEvent[] = [];
  const result = replayDlqMessages({
    sqs,
    mappings: dlqMappings,
    ...queues,
    filter: {},
    waitTimeSeconds: 0,
    onEvent: (e) => events.push(e),
    ...extra,
  });
  return result.then((r) => ({ ...r, events }));
};

describe('replayDlqMessages (filtered replay on the local stack)', () => {
  it('finds the stage queues by name', () => {
    expect(queues.dlqUrl).toContain('ferry-test-warehouse-dlq');
    expect(queues.sourceArn).toMatch(/:ferry-test-warehouse$/);
    expect(queues.dlqArn).toMatch(/:ferry-test-warehouse-dlq$/);
  });

  it('moves only the messages of --table, keeps the others and reports bodies that are not S3 events', async () => {
    const bodies = [snsS3Body(ORDERS_1), snsS3Body(ITEMS_1), snsS3Body(ORDERS_2)];
    await sendBodies(sqs, queues.dlqUrl, [...bodies, NOT_S3]);

    const result = await replay({ filter: { table: 'shop.orders' } });

    expect(result).toMatchObject({ moved: 2, wouldMove: 0, kept: 1, failed: [] });
    expect(result.invalid).toHaveLength(1);
    expect(result.invalid[0]!.reason).toMatch(/neither an S3 event/);
    expect((await visibleBodies(sqs, queues.sourceUrl)).sort()).toEqual([bodies[0], bodies[2]].sort());
    expect((await visibleBodies(sqs, queues.dlqUrl)).sort()).toEqual([bodies[1], NOT_S3].sort());
  });

  it('moves only files whose event time is at or after --since', async () => {
    const old = snsS3Body(ORDERS_1, new Date('2024-05-01T00:00:00Z'));
    const recent = snsS3Body(ORDERS_2, new Date('2024-05-03T00:00:00Z'));
    await sendBodies(sqs, queues.dlqUrl, [old, recent]);

    const result = await replay({ filter: { since: new Date('2024-05-02T00:00:00Z') } });

    expect(result).toMatchObject({ moved: 1, kept: 1 });
    expect(await visibleBodies(sqs, queues.sourceUrl)).toEqual([recent]);
    expect(await visibleBodies(sqs, queues.dlqUrl)).toEqual([old]);
  });

  it('--dry-run lists table, file and receive count, and moves nothing', async () => {
    const bodies = [snsS3Body(ORDERS_1), snsS3Body(ITEMS_1)];
    await sendBodies(sqs, queues.dlqUrl, bodies);

    const result = await replay({ dryRun: true, filter: { table: 'shop.order_items' } });

    expect(result).toMatchObject({ moved: 0, wouldMove: 1, kept: 1 });
    const listed = result.events.find((e) => e.action === 'would-move')!;
    expect(listed.message.files).toEqual([{ key: ITEMS_1, table: 'shop.order_items', eventTime: expect.any(String) }]);
    expect(listed.message.receiveCount).toBe(1);
    expect(listed.message.sentAt).toMatch(/^\d{4}-/);
    expect(await stack.queueDepth(queues.sourceUrl)).toEqual({ visible: 0, inFlight: 0 });
    expect((await visibleBodies(sqs, queues.dlqUrl)).sort()).toEqual([...bodies].sort());
  });

  it('a crash between send and delete keeps the message in the DLQ; the next run sends it again', async () => {
    const body = snsS3Body(ORDERS_1);
    await sendBodies(sqs, queues.dlqUrl, [body]);
    const crashing: SqsPort = {
      send: ((command: unknown) => {
        if (command instanceof DeleteMessageBatchCommand) return Promise.reject(new Error('network gone'));
        return sqs.send(command as never);
      }) as SqsPort['send'],
    };

    await expect(replay({ sqs: crashing })).rejects.toThrow('network gone');
    expect(await stack.queueDepth(queues.dlqUrl)).toEqual({ visible: 1, inFlight: 0 });

    const second = await replay();
    expect(second.moved).toBe(1);
    // Sent twice: the consumers' ledgers make the second delivery a no-op.
    expect(await visibleBodies(sqs, queues.sourceUrl)).toEqual([body, body]);
    expect(await stack.queueDepth(queues.dlqUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('stops at --max and puts the rest back', async () => {
    const bodies = [1, 2, 3, 4, 5].map((i) => snsS3Body(`dms/brand-a/shop/orders/20240501-12000000${i}.parquet`));
    await sendBodies(sqs, queues.dlqUrl, bodies);

    const result = await replay({ max: 2 });

    expect(result.moved).toBe(2);
    expect(await visibleBodies(sqs, queues.sourceUrl)).toHaveLength(2);
    expect(await visibleBodies(sqs, queues.dlqUrl)).toHaveLength(3);
  });

  it('replays a message the queue itself redrove to the DLQ, body unchanged', async () => {
    // maxReceiveCount 1: the second receive redrives it.
    await stack.putObject(ORDERS_1, new Uint8Array([1, 2, 3]));
    const receive = () =>
      sqs.send(new ReceiveMessageCommand({ QueueUrl: queues.sourceUrl, WaitTimeSeconds: 1, VisibilityTimeout: 0 }));
    const first = (await receive()).Messages ?? [];
    expect(first).toHaveLength(1);
    await receive();
    expect((await stack.queueDepth(queues.dlqUrl)).visible).toBe(1);

    const result = await replay({ filter: { table: 'shop.orders' } });

    expect(result.moved).toBe(1);
    expect(await visibleBodies(sqs, queues.sourceUrl)).toEqual([first[0]!.Body]);
  });

  it('paces sends with --rate', async () => {
    await sendBodies(sqs, queues.dlqUrl, [snsS3Body(ORDERS_1), snsS3Body(ORDERS_2), snsS3Body(ITEMS_1)]);
    const waits: number[] = [];
    let clock = 0;
    const result = await replay({
      rate: 1,
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
    });
    expect(result.moved).toBe(3);
    // One message per second: the 2nd and 3rd wait for their slot, the 1st goes at once.
    expect(waits).toEqual([1000, 1000]);
  });
});
