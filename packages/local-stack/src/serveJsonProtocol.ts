import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JsonAnswer } from './JsonAnswer.js';

const CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * Serves an AWS JSON 1.1 protocol endpoint (Kinesis, Secrets Manager, …) on a free localhost port: reads each
 * request body, hands `answer` the `X-Amz-Target` header and the body text, and sends what it returns with the
 * protocol's content type. Shared by ferry's in-process service stand-ins.
 */
export async function serveJsonProtocol(
  answer: (target: string | undefined, body: string) => JsonAnswer,
): Promise<{ endpoint: string; stop(): Promise<void> }> {
  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => send(response, ...answer(headerOf(request), body)),
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
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function headerOf(request: IncomingMessage): string | undefined {
  const target = request.headers['x-amz-target'];
  return typeof target === 'string' ? target : undefined;
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
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
