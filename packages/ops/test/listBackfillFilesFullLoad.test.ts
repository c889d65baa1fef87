import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { type LocalStack, startLocalStack } from '@ferry/local-stack';
import { parseMappings } from '@ferry/mappings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackfillFiles, stageNames } from '../src/index.js';

const BUCKET = 'ferry-test-landing-000000000000-ap-northeast-2';
const mappings = parseMappings([
  {
    file: 'brand-a.json',
    json: { source: 'brand-a', prefix: 'dms/brand-a/', tables: { 'shop.orders': { primaryKey: ['id'] } } },
  },
]);
const landed = [
  'dms/brand-a/shop/orders/LOAD00000001.parquet',
  'dms/brand-a/shop/orders/20261122-235959999.parquet',
  'dms/brand-a/shop/orders/20261123-000130000.parquet',
];

describe('listBackfillFiles fullLoad', () => {
  let stack: LocalStack;
  let s3: S3Client;
  beforeAll(async () => {
    stack = await startLocalStack({ names: { ...stageNames('test'), bucket: BUCKET } });
    s3 = new S3Client(stack.clientConfig('s3'));
    for (const key of landed) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
  });
  afterAll(async () => {
    s3?.destroy();
    await stack?.stop();
  });

  const list = (fullLoad?: 'auto' | 'always') =>
    listBackfillFiles(
      { s3, mappings },
      { bucket: BUCKET, sources: ['brand-a'], sink: 'both', since: new Date('2026-11-23T00:00:00Z'), fullLoad },
    );

  it('auto (the default) leaves the full load out when since is given', async () => {
    for (const mode of [undefined, 'auto'] as const) {
      const { files, outsideWindow } = await list(mode);
      expect(files.map((f) => f.file.key)).toEqual(['dms/brand-a/shop/orders/20261123-000130000.parquet']);
      expect(outsideWindow).toBe(2);
    }
  });

  it('always keeps the full load with since (a reload after a DMS "reload table"), before the CDC files', async () => {
    const { files, outsideWindow } = await list('always');
    expect(files.map((f) => f.file.key)).toEqual([
      'dms/brand-a/shop/orders/LOAD00000001.parquet',
      'dms/brand-a/shop/orders/20261123-000130000.parquet',
    ]);
    expect(outsideWindow).toBe(1);
  });
});
