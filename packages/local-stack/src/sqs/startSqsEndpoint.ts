import { randomUUID } from 'node:crypto';
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createMessageMoveTasks } from './createMessageMoveTasks.js';
import type { MessageMoveTasks } from './MessageMoveTasks.js';
import type { SqsEndpoint } from './SqsEndpoint.js';
import { SqsServiceError } from './SqsServiceError.js';

const CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * Starts an SQS endpoint on a free localhost port in front of `upstream` (fauxqs, which lacks message move tasks):
 * it answers StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask itself over the SQS JSON
 * protocol, moving messages with the real SDK against `upstream`, and forwards every other request unchanged
 * (method, path, headers, body), streaming the answer back. `stop()` cancels running tasks first.
 *
 * @example const sqs = await startSqsEndpoint({ upstream: fauxqs.address, region, credentials })
 */
export async function startSqsEndpoint(options: {
  readonly upstream: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}): Promise<SqsEndpoint> {
  const upstream = new URL(options.upstream);
  // The mover talks to fauxqs directly; queue URLs there name a host that does not resolve, so use the endpoint.
  const client = new SQSClient({
    region: options.region,
    credentials: options.credentials,
    endpoint: options.upstream,
    useQueueUrlAsEndpoint: false,
  });
  const tasks = createMessageMoveTasks(client);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((incoming, response) => {
    const target = incoming.headers['x-amz-target'];
    const operation = typeof target === 'string' ? operationOf(tasks, target) : undefined;
    if (operation === undefined) {
      forward(incoming, response, upstream, agent);
      return;
    }
    readJson(incoming)
      .then(operation)
      .then(
        (payload) => send(response, 200, payload),
        (cause: unknown) => sendError(response, cause),
      );
  });
  // SDK clients keep connections alive; let stop() close them instead of waiting for their idle timeout.
  server.keepAliveTimeout = 5_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
  } catch (cause) {
    client.destroy();
    agent.destroy();
    throw cause;
  }
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await tasks.stop();
      client.destroy();
      agent.destroy();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function operationOf(
  tasks: MessageMoveTasks,
  target: string,
): ((input: Record<string, unknown>) => Promise<object>) | undefined {
  switch (target) {
    case 'AmazonSQS.StartMessageMoveTask':
      return (input) => tasks.start(input);
    case 'AmazonSQS.ListMessageMoveTasks':
      return (input) => tasks.list(input);
    case 'AmazonSQS.CancelMessageMoveTask':
      return (input) => tasks.cancel(input);
    default:
      return undefined;
  }
}

function forward(incoming: IncomingMessage, response: ServerResponse, upstream: URL, agent: Agent): void {
  const outgoing = request(
    {
      protocol: upstream.protocol,
      hostname: upstream.hostname,
      port: upstream.port,
      method: incoming.method,
      path: incoming.url,
      headers: incoming.headers,
      agent,
    },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(response);
    },
  );
  outgoing.on('error', (cause) => {
    if (response.headersSent) response.destroy(cause);
    else sendError(response, new SqsServiceError('ServiceUnavailable', `fauxqs did not answer: ${cause.message}`, 503));
  });
  incoming.pipe(outgoing);
}

function readJson(incoming: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        const body: unknown = text === '' ? {} : JSON.parse(text);
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not a JSON object');
        resolve(body as Record<string, unknown>);
      } catch (cause) {
        reject(new SqsServiceError('SerializationException', `request body: ${String(cause)}`));
      }
    });
    incoming.on('error', reject);
  });
}

function sendError(response: ServerResponse, cause: unknown): void {
  const error =
    cause instanceof SqsServiceError
      ? cause
      : new SqsServiceError('InternalError', cause instanceof Error ? cause.message : String(cause), 500);
  send(
    response,
    error.status,
    { __type: `com.amazonaws.sqs#${error.type}`, message: error.message },
    {
      // The SDK takes the error's name from here (SQS is query-compatible); only legacy codes carry the
      // `AWS.SimpleQueueService.` prefix, and none of these is one.
      'x-amzn-query-error': `${error.type};${error.status < 500 ? 'Sender' : 'Receiver'}`,
    },
  );
}

function send(response: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...headers,
  });
  response.end(text);
}
