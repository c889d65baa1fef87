import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FerryError } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStageConfig, parseStageConfig, StageConfigError } from '../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../..');

/** A minimal valid config: only the fields without defaults. */
function minimal(): Record<string, unknown> {
  return {
    region: 'ap-northeast-2',
    warehouse: {
      kind: 'bigquery',
      url: 'bigquery://p?location=EU&credentialsSecret=ferry/dev/bigquery-key',
    },
    speedLayer: {
      kind: 'postgres',
      urlSecret: 'ferry/dev/speed-layer-url',
      subnetIds: ['subnet-0123456789abcdef0'],
      securityGroupIds: ['sg-0123456789abcdef0'],
    },
    landingBucket: { mode: 'create' },
    secrets: { maskKey: 'ferry/dev/mask-key', slackWebhook: 'ferry/dev/slack' },
  };
}

/** The problem lines `parseStageConfig` throws for `json`; fails the test when it accepts it. */
function problems(json: unknown): string[] {
  try {
    parseStageConfig('config/dev.json', json);
  } catch (error) {
    expect(error).toBeInstanceOf(StageConfigError);
    expect(error).toBeInstanceOf(FerryError);
    const e = error as StageConfigError;
    for (const p of e.problems) expect(e.message).toContain(p.message);
    return e.problems.map((p) => `${p.file}: ${p.path}: ${p.message}`);
  }
  throw new Error('parseStageConfig accepted the config');
}

describe('stage configuration (config/<stage>.json)', () => {
  it('the repository’s dev and prod configs validate', async () => {
    const dev = await loadStageConfig('dev', { root: ROOT });
    expect(dev.warehouse).toMatchObject({ kind: 'bigquery', minMergeIntervalSeconds: 180 });
    expect(dev.speedLayer.kind).toBe('postgres');
    const prod = await loadStageConfig('prod', { root: ROOT });
    expect(prod.warehouse.kind).toBe('snowflake');
    expect(prod.landingBucket).toEqual({ mode: 'existing', name: 'acme-dms-landing-prod' });
    expect(prod.stream.capacity).toEqual({ mode: 'provisioned', shards: 4 });
  });

  it('fills the documented defaults, the merge interval by warehouse kind', () => {
    const bigquery = parseStageConfig('config/dev.json', minimal());
    expect(bigquery.warehouse.minMergeIntervalSeconds).toBe(180);
    expect(bigquery.warehouseLoader).toEqual({
      batchSize: 100,
      batchingWindowSeconds: 60,
      maximumConcurrency: 2,
      maxReceiveCount: 5,
      timeoutSeconds: 300,
      memoryMb: 1024,
    });
    expect(bigquery.stream).toEqual({ capacity: { mode: 'on-demand' } });
    expect(bigquery.mergeWorker.maximumRetryAttempts).toBe(100);
    expect(bigquery.retention).toEqual({ logDays: 30, queueDays: 4, deadLetterDays: 14, streamHours: 24 });
    expect(bigquery.secrets.kmsKeyArns).toEqual([]);
    const snowflake = minimal();
    snowflake.warehouse = {
      kind: 'snowflake',
      url: 'snowflake://U@org-acct/DB?privateKeySecret=ferry/dev/snowflake-key',
    };
    expect(parseStageConfig('config/dev.json', snowflake).warehouse.minMergeIntervalSeconds).toBe(0);
  });

  it('names the file and the JSON path of each bad value', () => {
    const json = minimal();
    json.regoin = 'x';
    (json.warehouse as Record<string, unknown>).kind = 'redshift';
    (json.speedLayer as Record<string, unknown>).subnetIds = ['subnet-1', 'sg-0123456789abcdef0'];
    (json.speedLayer as Record<string, unknown>).urlSecret = 'postgres://u:p@db/x';
    json.landingBucket = { mode: 'existing' };
    json.warehouseLoader = { batchSize: 10001, timeoutSeconds: 1.5 };
    json.mergeWorker = { maximumRetryAttempts: -1 };
    json.retention = { logDays: 10 };
    (json.secrets as Record<string, unknown>).kmsKeyArns = ['alias/ferry'];
    expect(problems(json)).toEqual([
      'config/dev.json: warehouse.kind: must be one of "snowflake", "bigquery", got "redshift"',
      'config/dev.json: speedLayer.urlSecret: "postgres://u:p@db/x" is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>) or name (letters, digits and /_+=.@-)',
      'config/dev.json: speedLayer.subnetIds[0]: "subnet-1" is not a subnet id',
      'config/dev.json: speedLayer.subnetIds[1]: "sg-0123456789abcdef0" is not a subnet id',
      'config/dev.json: landingBucket: missing required key "name"',
      'config/dev.json: warehouseLoader.batchSize: must be at most 10000: messages per invocation (SQS event source: 1 to 10,000)',
      'config/dev.json: warehouseLoader.timeoutSeconds: must be a whole number: the function timeout in seconds (Lambda allows 3 to 900)',
      'config/dev.json: mergeWorker.maximumRetryAttempts: must be at least 0: retries of a failed batch before its metadata goes to the on-failure queue (bounded: -1, forever, is refused)',
      'config/dev.json: secrets.kmsKeyArns[0]: "alias/ferry" is not a KMS key ARN: use arn:aws:kms:<region>:<account>:key/<key id> (IAM policies cannot name a key by alias)',
      'config/dev.json: retention.logDays: 10 is not a CloudWatch Logs retention: use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653',
      'config/dev.json: : unknown key "regoin"',
    ]);
  });

  it('checks the warehouse URL as the loader parses it, and refuses what a deployed loader cannot use', () => {
    const withUrl = (kind: string, url: string, extra: Record<string, unknown> = {}) => ({
      ...minimal(),
      warehouse: { kind, url, ...extra },
    });
    expect(problems(withUrl('bigquery', 'bigquery://p?locaton=EU'))).toEqual([
      'config/dev.json: warehouse.url: warehouse URL "bigquery://p?locaton=EU": unknown parameter "locaton". Known parameters: location, credentialsSecret, credentialsFile, apiEndpoint',
    ]);
    expect(problems(withUrl('snowflake', 'bigquery://p?credentialsSecret=k'))).toEqual([
      'config/dev.json: warehouse.url: is a bigquery URL, but warehouse.kind is "snowflake"',
    ]);
    expect(problems(withUrl('snowflake', 'snowflake://U@org-acct/DB?privateKeyFile=/home/me/key.p8'))).toEqual([
      'config/dev.json: warehouse.url: names a local file (privateKeyFile=): a deployed loader has none — store the key in Secrets Manager and use privateKeySecret=',
    ]);
    expect(problems(withUrl('bigquery', 'bigquery://p?location=EU'))).toEqual([
      'config/dev.json: warehouse.url: has no credentialsSecret=, and no warehouse.googleCredentialConfig is given: the deployed loader would have no Google credentials (docs/warehouses.md)',
    ]);
    // Workload identity federation: no key, a credential configuration shipped with the loader.
    const wif = parseStageConfig(
      'config/dev.json',
      withUrl('bigquery', 'bigquery://p?location=EU', { googleCredentialConfig: 'config/gcp-wif.json' }),
    );
    expect(wif.warehouse.googleCredentialConfig).toBe('config/gcp-wif.json');
    expect(
      problems(withUrl('bigquery', 'bigquery://p?credentialsSecret=k', { googleCredentialConfig: 'config/gcp.json' })),
    ).toEqual([
      'config/dev.json: warehouse.googleCredentialConfig: is given along with credentialsSecret= in the URL: keep one way to log in (a key, or workload identity federation)',
    ]);
  });

  it('checks rules across fields: Lambda’s batching rule, dead-letter retention, record age within the stream', () => {
    const json = minimal();
    json.changeForwarder = { batchSize: 50, batchingWindowSeconds: 0 };
    json.retention = { queueDays: 7, deadLetterDays: 3, streamHours: 24 };
    json.mergeWorker = { maximumRecordAgeSeconds: 172800 };
    expect(problems(json)).toEqual([
      'config/dev.json: changeForwarder.batchingWindowSeconds: must be at least 1 when batchSize is above 10 (it is 50): Lambda requires a batching window for batches above 10',
      'config/dev.json: retention.deadLetterDays: must be at least retention.queueDays (7): a message keeps its first enqueue time in the dead-letter queue, so a shorter retention deletes it there early',
      "config/dev.json: mergeWorker.maximumRecordAgeSeconds: must be at most the stream's retention (retention.streamHours 24 = 86400 s): older records are gone from the stream",
    ]);
  });

  describe('loadStageConfig', () => {
    let root: string;
    beforeAll(async () => {
      root = await mkdtemp(join(tmpdir(), 'ferry-stage-'));
      await mkdir(join(root, 'config'));
    });
    afterAll(() => rm(root, { recursive: true, force: true }));

    it('a missing file lists the stages that have one; bad JSON and bad stage names are named', async () => {
      await expect(loadStageConfig('staging', { root: ROOT })).rejects.toThrow(
        'config/staging.json: not found (stages with a config: ci, dev, prod) — create it (docs/deploy.md)',
      );
      await writeFile(join(root, 'config', 'qa.json'), '{ "region": "ap-northeast-2", }');
      await expect(loadStageConfig('qa', { root })).rejects.toThrow(/config\/qa\.json: not valid JSON: .*position/);
      await expect(loadStageConfig('Prod_1', { root })).rejects.toThrow(
        'stage name "Prod_1" cannot be used. Use lowercase letters, digits and "-", starting with a letter, at most 16 characters (e.g. dev, prod)',
      );
    });

    it('a workload identity configuration must exist in the repository', async () => {
      const json = {
        ...minimal(),
        warehouse: { kind: 'bigquery', url: 'bigquery://p', googleCredentialConfig: 'config/gcp-wif.json' },
      };
      await writeFile(join(root, 'config', 'wif.json'), JSON.stringify(json));
      await expect(loadStageConfig('wif', { root })).rejects.toThrow(
        'config/wif.json: warehouse.googleCredentialConfig: "config/gcp-wif.json" does not exist (a path relative to the repository)',
      );
      await writeFile(join(root, 'config', 'gcp-wif.json'), '{}');
      expect((await loadStageConfig('wif', { root })).warehouse.googleCredentialConfig).toBe('config/gcp-wif.json');
    });
  });
});
