import type { ServerResponse } from 'node:http';

/** Answers with a JSON body; bigints are written as decimal strings, as both services send them. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(text);
}
