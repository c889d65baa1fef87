import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DmsFileError, FerryError } from '@ferry/core';
import type { ByteSource } from '@ferry/dms';
import { awsErrorFacts } from './awsErrorFacts.js';

/**
 * A `ByteSource` over an S3 object that reads only the ranges asked for (each `slice` is one ranged
 * GetObject), so the parquet reader fetches a footer and the row groups it needs, never the whole object.
 *
 * Every request carries `If-Match` with the object's ETag: the event's when given, else the one HeadObject
 * saw, so an object overwritten after its event (a DMS task reload) fails loudly instead of mixing two
 * versions' bytes. HeadObject runs only when `size` is unknown.
 *
 * Errors are decided here (DESIGN.md §4):
 * - object missing, overwritten (412), or shorter than its event said (416) → `DmsFileError`, terminal;
 * - throttling, 5xx, network → `FerryError` with `retryable: true`;
 * - anything else the request is refused for (access denied, a bad bucket name) → terminal `FerryError`.
 *
 * `close()` aborts reads still in flight; the client is the caller's and stays open.
 *
 * @example
 * const source = await s3ByteSource(s3, { bucket: event.bucket, key: event.key, eTag: event.eTag, size: event.size });
 * try { await openDmsParquet(source, file, options) … } finally { await source.close(); }
 */
export async function s3ByteSource(
  s3: S3Client,
  object: { readonly bucket: string; readonly key: string; readonly eTag?: string; readonly size?: number },
): Promise<ByteSource & { close(): Promise<void> }> {
  const name = `s3://${object.bucket}/${object.key}`;
  const abort = new AbortController();
  let eTag = object.eTag === undefined || object.eTag === '' ? undefined : quoted(object.eTag);
  let byteLength = object.size;
  if (byteLength === undefined) {
    try {
      const head = await s3.send(new HeadObjectCommand({ Bucket: object.bucket, Key: object.key, IfMatch: eTag }), {
        abortSignal: abort.signal,
      });
      byteLength = head.ContentLength ?? 0;
      // Pin the version HeadObject saw, so every later range comes from that same object.
      eTag ??= head.ETag;
    } catch (error) {
      throw s3ReadError(name, 'HeadObject', error, eTag);
    }
  }
  const size = byteLength;

  return {
    byteLength: size,
    async slice(start: number, end: number = size): Promise<ArrayBuffer> {
      const from = Math.min(Math.max(start, 0), size);
      const to = Math.min(Math.max(end, from), size);
      // S3 has no empty range (`bytes=5-4` means the whole object).
      if (to === from) return new ArrayBuffer(0);
      if (abort.signal.aborted) throw new FerryError(`${name}: read after close`);
      let bytes: Uint8Array;
      try {
        const response = await s3.send(
          new GetObjectCommand({
            Bucket: object.bucket,
            Key: object.key,
            Range: `bytes=${from}-${to - 1}`,
            IfMatch: eTag,
          }),
          { abortSignal: abort.signal },
        );
        if (response.Body === undefined) throw new Error('GetObject returned no body');
        bytes = await response.Body.transformToByteArray();
      } catch (error) {
        if (abort.signal.aborted) throw new FerryError(`${name}: read cut short by close()`, { cause: error });
        throw s3ReadError(name, `GetObject bytes ${from}-${to - 1}`, error, eTag);
      }
      if (bytes.length !== to - from) {
        // Without an ETag to pin the version, a changed size is the one sign the object is not the one announced.
        throw new DmsFileError(name, `asked for bytes ${from}-${to - 1} of ${size}, got ${bytes.length} bytes`, {
          hint: 'The object changed size since its event: replay the file from its newest event',
        });
      }
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer);
    },
    async close(): Promise<void> {
      abort.abort();
    },
  };
}

/** S3 event ETags come without the quotes HTTP's `If-Match` needs (RFC 9110 §8.8.3). */
function quoted(eTag: string): string {
  return eTag.startsWith('"') || eTag.startsWith('W/') ? eTag : `"${eTag}"`;
}

function s3ReadError(name: string, what: string, error: unknown, eTag: string | undefined): FerryError {
  const facts = awsErrorFacts(error);
  const said = `${what} failed: ${facts.code}${facts.status === undefined ? '' : ` (HTTP ${facts.status})`}`;
  if (facts.status === 404 || facts.code === 'NoSuchKey' || facts.code === 'NotFound') {
    return new DmsFileError(name, `${said}: the object does not exist`, {
      cause: error,
      hint: 'It was deleted or never written after its event: check the bucket (a lifecycle rule?) and replay or drop the message',
    });
  }
  if (facts.status === 412 || facts.code === 'PreconditionFailed') {
    return new DmsFileError(name, `${said}: the object is no longer the version with ETag ${eTag}`, {
      cause: error,
      hint: 'It was overwritten after its event (a DMS reload?): the newer object has its own event, so drop this message',
    });
  }
  if (facts.status === 416 || facts.code === 'InvalidRange') {
    return new DmsFileError(name, `${said}: the object is shorter than its event said`, {
      cause: error,
      hint: 'It was overwritten after its event: the newer object has its own event, so drop this message',
    });
  }
  if (facts.transient) {
    return new FerryError(`${name}: ${said}`, {
      retryable: true,
      cause: error,
      hint: 'S3 was throttling or unavailable: the message goes back to the queue and is tried again',
    });
  }
  return new FerryError(`${name}: ${said}`, {
    cause: error,
    hint: 'Check the function role has s3:GetObject on the bucket and the bucket and key are right, then replay the message',
  });
}
