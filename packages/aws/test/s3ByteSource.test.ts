import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DmsFileError, FerryError } from '@ferry/core';
import { type FauxqsServer, startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3ByteSource } from '../src/index.js';

const BUCKET = 'dms-landing';
let server: FauxqsServer;
let s3: S3Client;

beforeAll(async () => {
  server = await startFauxqs({ port: 0, logger: false });
  s3 = new S3Client({
    endpoint: server.address,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  server.createBucket(BUCKET);
});

afterAll(async () => {
  s3?.destroy();
  await server?.stop();
});

async function put(key: string, body: Uint8Array): Promise<string> {
  const { ETag } = await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return ETag!;
}

/** An S3 event's ETag: the object's MD5 hex without HTTP's quotes. */
const eventETag = (eTag: string) => eTag.replace(/"/g, '');

describe('s3ByteSource on an S3 stand-in (fauxqs)', () => {
  it('reads a multi-MB object by ranges, byte for byte, with size from HeadObject', async () => {
    const body = randomBytes(5 * 1024 * 1024 + 17);
    await put('dms/brand-a/shop/orders/LOAD00000001.parquet', body);
    const source = await s3ByteSource(s3, { bucket: BUCKET, key: 'dms/brand-a/shop/orders/LOAD00000001.parquet' });
    try {
      expect(source.byteLength).toBe(body.length);
      const pieces: Buffer[] = [];
      const step = 1024 * 1024 + 3; // ranges that do not line up with anything
      for (let at = 0; at < body.length; at += step) {
        pieces.push(Buffer.from(await source.slice(at, at + step)));
      }
      expect(Buffer.concat(pieces).equals(body)).toBe(true);
      // The parquet reader's footer read: the last 8 bytes, `end` defaulting to the length.
      expect(Buffer.from(await source.slice(body.length - 8)).equals(body.subarray(body.length - 8))).toBe(true);
      expect((await source.slice(10, 10)).byteLength).toBe(0);
      expect(Buffer.from(await source.slice(body.length - 4, body.length + 100)).length).toBe(4);
    } finally {
      await source.close();
    }
  });

  it('takes size and an unquoted ETag from the event without a HeadObject', async () => {
    const body = randomBytes(4096);
    const eTag = eventETag(await put('dms/brand-a/shop/orders/20261123-000102345.parquet', body));
    const source = await s3ByteSource(s3, {
      bucket: BUCKET,
      key: 'dms/brand-a/shop/orders/20261123-000102345.parquet',
      eTag,
      size: body.length,
    });
    expect(Buffer.from(await source.slice(100, 200)).equals(body.subarray(100, 200))).toBe(true);
    await source.close();
  });

  it('a missing object is a terminal DmsFileError naming s3://bucket/key', async () => {
    const missing = s3ByteSource(s3, { bucket: BUCKET, key: 'dms/brand-a/shop/orders/gone.parquet' });
    await expect(missing).rejects.toBeInstanceOf(DmsFileError);
    await expect(missing).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining(`s3://${BUCKET}/dms/brand-a/shop/orders/gone.parquet`),
    });
    // With the size known, the miss shows on the first range read instead.
    const known = await s3ByteSource(s3, { bucket: BUCKET, key: 'dms/brand-a/shop/orders/gone.parquet', size: 10 });
    await expect(known.slice(0, 4)).rejects.toBeInstanceOf(DmsFileError);
  });

  it('an object overwritten after its event fails terminally instead of mixing versions (If-Match → 412)', async () => {
    const key = 'dms/brand-a/shop/orders/20261123-000202345.parquet';
    const first = randomBytes(2048);
    const eTag = eventETag(await put(key, first));
    const source = await s3ByteSource(s3, { bucket: BUCKET, key, eTag, size: first.length });
    expect(Buffer.from(await source.slice(0, 1024)).equals(first.subarray(0, 1024))).toBe(true);
    await put(key, randomBytes(2048)); // a reload rewrites the object between two range reads
    const stale = source.slice(1024, 2048);
    await expect(stale).rejects.toBeInstanceOf(DmsFileError);
    await expect(stale).rejects.toThrow(/no longer the version with ETag/);
    // Real S3 refuses the HeadObject itself (412); fauxqs 1.9.2's HeadObject ignores If-Match, so there the
    // first range read is what refuses. Either way nothing of the newer object is read.
    const reopened = s3ByteSource(s3, { bucket: BUCKET, key, eTag }).then((again) => again.slice(0, 10));
    await expect(reopened).rejects.toBeInstanceOf(DmsFileError);
  });

  it('pins the version HeadObject saw when the event gave no ETag', async () => {
    const key = 'dms/brand-a/shop/orders/20261123-000302345.parquet';
    await put(key, randomBytes(1000));
    const source = await s3ByteSource(s3, { bucket: BUCKET, key });
    await put(key, randomBytes(1000));
    await expect(source.slice(0, 10)).rejects.toBeInstanceOf(DmsFileError);
  });

  it('an unreachable endpoint is a retryable FerryError', async () => {
    const down = new S3Client({
      endpoint: 'http://127.0.0.1:9', // discard port: nothing listens
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    try {
      const failed = s3ByteSource(down, { bucket: BUCKET, key: 'dms/a/b/c/LOAD00000001.parquet' });
      await expect(failed).rejects.toBeInstanceOf(FerryError);
      await expect(failed).rejects.not.toBeInstanceOf(DmsFileError);
      await expect(failed).rejects.toMatchObject({ retryable: true });
    } finally {
      down.destroy();
    }
  });

  it.each([
    [503, 'SlowDown', true],
    [500, 'InternalError', true],
    [403, 'AccessDenied', false],
  ])(
    'an S3 answer of HTTP %i %s is a FerryError with retryable %s, not a file error',
    async (status, code, retryable) => {
      // A server that answers every request as S3 does when it refuses: the SDK parses the real error shape.
      const refusing = createServer((_, response) => {
        response.writeHead(status, { 'content-type': 'application/xml' });
        response.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>no</Message></Error>`);
      });
      await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
      const client = new S3Client({
        endpoint: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`,
        forcePathStyle: true,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
      try {
        const source = await s3ByteSource(client, { bucket: BUCKET, key: 'dms/a/b/c/LOAD00000001.parquet', size: 100 });
        const failed = source.slice(0, 10);
        await expect(failed).rejects.toMatchObject({ retryable, message: expect.stringContaining(code) });
        await expect(failed).rejects.not.toBeInstanceOf(DmsFileError);
      } finally {
        client.destroy();
        await new Promise((resolve) => refusing.close(resolve));
      }
    },
  );
});
