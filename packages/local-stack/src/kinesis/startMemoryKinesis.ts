import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KinesisServiceError } from './KinesisServiceError.js';
import type { MemoryKinesis } from './MemoryKinesis.js';
import { MemoryKinesisStore } from './MemoryKinesisStore.js';

const TARGET_PREFIX = 'Kinesis_20131202.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

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
  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => respond(store, request, body, response),
      (cause: unknown) => send(response, 400, { __type: 'SerializationException', message: String(cause) }),
    );
  });
  // SDK clients keep connections alive; let stop() close them instead of waiting for their idle timeout.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttle: (entries) => store.throttle(entries),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function respond(store: MemoryKinesisStore, request: IncomingMessage, body: string, response: ServerResponse): void {
  const target = request.headers['x-amz-target'];
  if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
    send(response, 400, { __type: 'UnknownOperationException', message: `no Kinesis X-Amz-Target: ${target}` });
    return;
  }
  try {
    const input: unknown = body === '' ? {} : JSON.parse(body);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new KinesisServiceError('SerializationException', 'the request body is not a JSON object');
    }
    send(response, 200, store.handle(target.slice(TARGET_PREFIX.length), input as Record<string, unknown>));
  } catch (error) {
    if (error instanceof KinesisServiceError) {
      send(response, 400, { __type: error.type, message: error.message });
    } else if (error instanceof SyntaxError) {
      send(response, 400, { __type: 'SerializationException', message: error.message });
    } else {
      send(response, 500, { __type: 'InternalFailure', message: String(error) });
    }
  }
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
