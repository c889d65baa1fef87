import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackPost {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

export interface SlackStandIn {
  /** The webhook URL: `http://127.0.0.1:<port>/services/T…/B…/<token>`, its path the secret part, as Slack's. */
  readonly webhookUrl: string;
  readonly posts: SlackPost[];
  /** What the next posts are answered with (Slack answers `ok` with 200). */
  answer(status: number, body: string): void;
  stop(): Promise<void>;
}

/** A Slack incoming webhook on a free localhost port: it keeps each POSTed JSON body and answers as told. */
export async function startSlackStandIn(): Promise<SlackStandIn> {
  const posts: SlackPost[] = [];
  let reply = { status: 200, body: 'ok' };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      posts.push({ path: request.url ?? '', contentType: request.headers['content-type'], body });
      response.writeHead(reply.status, { 'content-type': 'text/html' });
      response.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    webhookUrl: `http://127.0.0.1:${port}/services/T0FERRY01/B0ALARMS1/q9Zk3xY7wVbN2mLpR4sT8uWc`,
    posts,
    answer(status, body) {
      reply = { status, body };
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
