import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

/**
 * The whole request body; gunzipped when it is gzip (the Snowflake SDK means to compress bodies, though 3.3.0
 * sends them plain). `received` learns the body's size as it came over the wire.
 */
export async function readRequestBody(request: IncomingMessage, received?: (bytes: number) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  received?.(body.length);
  // Decided by the magic bytes, not the header: the SDK sets Content-Encoding after it built the request.
  return body[0] === 0x1f && body[1] === 0x8b ? gunzipSync(body) : body;
}
