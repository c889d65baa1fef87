import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

/** The whole request body; gunzipped when it is gzip (the Snowflake SDK compresses every body). */
export async function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  // Decided by the magic bytes, not the header: the SDK sets Content-Encoding after it built the request.
  return body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
}
