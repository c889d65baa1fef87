import type { JsonAnswer } from '../JsonAnswer.js';
import { serveJsonProtocol } from '../serveJsonProtocol.js';
import { KinesisServiceError } from './KinesisServiceError.js';
import type { MemoryKinesis } from './MemoryKinesis.js';
import { MemoryKinesisStore } from './MemoryKinesisStore.js';

const TARGET_PREFIX = 'Kinesis_20131202.';

/**
 * Starts memoryKinesis on a free localhost port: a small HTTP server speaking the Kinesis JSON 1.1 protocol for
 * the operations ferry uses (CreateStream, DescribeStream[Summary], ListShards, PutRecord[s], GetShardIterator,
 * GetRecords). State lives in memory and dies with `stop()`. Credentials and signatures are not checked.
 *
 * @example
 * const kinesis = await startMemoryKinesis({ region: 'ap-northeast-2', shards: 2 });
 * const client = new KinesisClient({ endpoint: kinesis.endpoint, requestHandler: new NodeHttpHandler(), ... });
 */
export async function startMemoryKinesis(options: { region: string; shards?: number }): Promise<MemoryKinesis> {
  const store = new MemoryKinesisStore({ region: options.region, shards: options.shards ?? 1 });
  const server = await serveJsonProtocol((target, body) => respond(store, target, body));
  return {
    endpoint: server.endpoint,
    throttle: (entries) => store.throttle(entries),
    expireRecords: () => store.expireRecords(),
    stop: () => server.stop(),
  };
}

function respond(store: MemoryKinesisStore, target: string | undefined, body: string): JsonAnswer {
  if (target === undefined || !target.startsWith(TARGET_PREFIX)) {
    return [400, { __type: 'UnknownOperationException', message: `no Kinesis X-Amz-Target: ${target}` }];
  }
  try {
    const input: unknown = body === '' ? {} : JSON.parse(body);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new KinesisServiceError('SerializationException', 'the request body is not a JSON object');
    }
    return [200, store.handle(target.slice(TARGET_PREFIX.length), input as Record<string, unknown>)];
  } catch (error) {
    if (error instanceof KinesisServiceError) return [400, { __type: error.type, message: error.message }];
    if (error instanceof SyntaxError) return [400, { __type: 'SerializationException', message: error.message }];
    return [500, { __type: 'InternalFailure', message: String(error) }];
  }
}
