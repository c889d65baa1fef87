import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadMappings, type Mappings, parseMappings } from '@ferry/mappings';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDeployment,
  esbuildExclude,
  loadStageConfig,
  parseStageConfig,
  type StageConfig,
  secretResource,
} from '../src/index.js';
import { renderCfn } from './support/renderCfn.js';
import { wildcardViolations } from './support/wildcardViolations.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = join(ROOT, 'packages/deploy/test/fixtures/mappings');

type Resources = Record<string, { Type: string; DependsOn?: string[]; Properties: Record<string, unknown> }>;
const resourcesOf = (d: ReturnType<typeof buildDeployment>) => d.resources.Resources as Resources;

/** The rendered statements of a role's one policy. */
function statements(resources: Resources, role: string) {
  const policies = resources[role]!.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[];
  expect(policies).toHaveLength(1);
  return renderCfn(policies[0]!.PolicyDocument.Statement) as { Sid: string; Action: string[]; Resource: string[] }[];
}
const statement = (resources: Resources, role: string, sid: string) =>
  statements(resources, role).find((s) => s.Sid === sid);

/** The fixture mappings plus one more file, as `loadMappings` would read the folder. */
async function fixtureWith(extra: { file: string; json: unknown }[]): Promise<Mappings> {
  const names = ['shop-a.json', 'shop-b.json', 'crm.json'];
  const files = await Promise.all(
    names.map(async (file) => ({ file, json: JSON.parse(await readFile(join(FIXTURE, file), 'utf8')) })),
  );
  return parseMappings([...files, ...extra]);
}

describe('buildDeployment: the stage’s resources from its config and the mappings', () => {
  let dev: StageConfig;
  let prod: StageConfig;
  let mappings: Mappings;
  beforeAll(async () => {
    dev = await loadStageConfig('dev', { root: ROOT });
    prod = await loadStageConfig('prod', { root: ROOT });
    mappings = await loadMappings(FIXTURE);
  });

  it('notifies one prefix per mapping file (the repository’s mappings and the fixture’s)', async () => {
    const repo = await loadMappings(join(ROOT, 'mappings'));
    const fromRepo = buildDeployment('dev', dev, repo);
    expect(fromRepo.notificationPrefixes).toEqual(repo.sources.map((s) => s.prefix).sort());
    const d = buildDeployment('dev', dev, mappings);
    expect(d.notificationPrefixes).toEqual(['cdc/shop-b/', 'dms/crm/', 'dms/shop-a/']);
    const bucket = resourcesOf(d).LandingBucket!.Properties;
    expect(renderCfn(bucket.NotificationConfiguration)).toEqual({
      TopicConfigurations: ['cdc/shop-b/', 'dms/crm/', 'dms/shop-a/'].map((prefix) => ({
        Event: 's3:ObjectCreated:*',
        Topic: '<LandingTopic>',
        Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: prefix }] } },
      })),
    });
    expect(bucket.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
    expect(resourcesOf(d).LandingBucket!.DependsOn).toEqual(['LandingTopicPolicy']);
  });

  it('grants each mapping’s writer s3:PutObject on exactly its prefix, and nothing else', () => {
    const policy = resourcesOf(buildDeployment('dev', dev, mappings)).LandingBucketPolicy!;
    expect(policy.DependsOn).toEqual(['LandingBucket']);
    expect(renderCfn(policy.Properties)).toEqual({
      Bucket: 'ferry-dev-landing-000000000000-ap-northeast-2',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DmsWriter1shopa',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:role/service-role/dms-s3-writer' },
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::ferry-dev-landing-000000000000-ap-northeast-2/dms/shop-a/*',
          },
          {
            Sid: 'DmsWriter2shopb',
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::210987654321:root' },
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::ferry-dev-landing-000000000000-ap-northeast-2/cdc/shop-b/*',
          },
        ],
      },
    });
    // Without any writer, the stack sets no bucket policy at all.
    const repoLike = parseMappings([{ file: 'a.json', json: { source: 'a', prefix: 'dms/a/', tables: {} } }]);
    expect(resourcesOf(buildDeployment('dev', dev, repoLike)).LandingBucketPolicy).toBeUndefined();
  });

  it('scopes every role to what its function touches; the only "*" are the explained ones', () => {
    for (const [stage, config] of [
      ['dev', dev],
      ['prod', prod],
    ] as const) {
      const r = resourcesOf(buildDeployment(stage, config, mappings));
      expect(wildcardViolations({ Resources: r })).toEqual([]);
      const objects = (bucket: string) =>
        ['cdc/shop-b/', 'dms/crm/', 'dms/shop-a/'].map((p) => `arn:aws:s3:::${bucket}/${p}*`);
      const bucket = stage === 'dev' ? 'ferry-dev-landing-000000000000-ap-northeast-2' : 'acme-dms-landing-prod';
      for (const role of ['WarehouseLoaderRole', 'ChangeForwarderRole']) {
        expect(statement(r, role, 'ReadMappedPrefixes')).toMatchObject({
          Action: ['s3:GetObject'],
          Resource: objects(bucket),
        });
      }
      expect(statement(r, 'WarehouseLoaderRole', 'ConsumeOwnQueue')?.Resource).toEqual(['<WarehouseQueue.Arn>']);
      expect(statement(r, 'ChangeForwarderRole', 'ConsumeOwnQueue')?.Resource).toEqual(['<StreamQueue.Arn>']);
      expect(statement(r, 'ChangeForwarderRole', 'PutChangeRecords')).toMatchObject({
        Action: ['kinesis:PutRecords'],
        Resource: ['<ChangeStream.Arn>'],
      });
      expect(statement(r, 'MergeWorkerRole', 'SendFailureMetadata')).toMatchObject({
        Action: ['sqs:SendMessage'],
        Resource: ['<MergeFailureQueue.Arn>'],
      });
      for (const role of ['WarehouseLoaderRole', 'ChangeForwarderRole', 'MergeWorkerRole', 'NotifierRole']) {
        const fn = role
          .replace(/Role$/, '')
          .replace(/([a-z])([A-Z])/g, '$1-$2')
          .toLowerCase();
        expect(statement(r, role, 'WriteOwnLogs')?.Resource).toEqual([
          `arn:aws:logs:ap-northeast-2:000000000000:log-group:/aws/lambda/ferry-${stage}-${fn}:*`,
        ]);
      }
    }
  });

  it('gives each function only its own secrets: names match their random suffix only, full ARNs exactly', () => {
    const r = resourcesOf(buildDeployment('dev', dev, mappings));
    const name = (n: string) => `arn:aws:secretsmanager:ap-northeast-2:000000000000:secret:${n}-??????`;
    expect(statement(r, 'WarehouseLoaderRole', 'ReadOwnSecrets')?.Resource).toEqual([
      'arn:aws:secretsmanager:ap-northeast-2:111111111111:secret:ferry/dev/bigquery-key-Ab12Cd',
      name('ferry/dev/mask-key'),
    ]);
    expect(statement(r, 'ChangeForwarderRole', 'ReadOwnSecrets')?.Resource).toEqual([name('ferry/dev/mask-key')]);
    expect(statement(r, 'MergeWorkerRole', 'ReadOwnSecrets')?.Resource).toEqual([
      'arn:aws:secretsmanager:ap-northeast-2:111111111111:secret:ferry/dev/speed-layer-url-Ef34Gh',
    ]);
    expect(statement(r, 'NotifierRole', 'ReadOwnSecrets')?.Resource).toEqual([name('ferry/dev/slack-webhook')]);
    // No customer-managed key in dev: no KMS grant at all.
    expect(statements(r, 'WarehouseLoaderRole').some((s) => s.Action.some((a) => a.startsWith('kms:')))).toBe(false);
    // prod names a key for its secrets and one for the stream: granted through those services only.
    const p = resourcesOf(buildDeployment('prod', prod, mappings));
    const decrypt = (role: string, sid: string) =>
      (
        p[role]!.Properties.Policies as { PolicyDocument: { Statement: { Sid: string }[] } }[]
      )[0]!.PolicyDocument.Statement.find((s) => s.Sid === sid);
    expect(renderCfn(decrypt('MergeWorkerRole', 'DecryptOwnSecrets'))).toEqual({
      Sid: 'DecryptOwnSecrets',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: ['arn:aws:kms:ap-northeast-2:222222222222:key/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d'],
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.ap-northeast-2.amazonaws.com' } },
    });
    expect(renderCfn(decrypt('ChangeForwarderRole', 'EncryptChangeRecords'))).toMatchObject({
      Action: ['kms:GenerateDataKey'],
      Condition: { StringEquals: { 'kms:ViaService': 'kinesis.ap-northeast-2.amazonaws.com' } },
    });
    expect(secretResource('arn:aws:secretsmanager:eu-west-1:111111111111:secret:ferry/x')).toBe(
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:ferry/x-??????',
    );
  });

  it('the wildcard check fails on a "*" nobody explained (the check itself can fail)', () => {
    const r = structuredClone(resourcesOf(buildDeployment('dev', dev, mappings)));
    const doc = (r.NotifierRole!.Properties.Policies as { PolicyDocument: { Statement: unknown[] } }[])[0]!
      .PolicyDocument;
    doc.Statement.push({ Sid: 'Oops', Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: ['*'] });
    doc.Statement.push({ Sid: 'Oops2', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::*/x'] });
    expect(wildcardViolations({ Resources: r })).toEqual([
      'NotifierRole: data action(s) sqs:SendMessage on "*"',
      'NotifierRole: sqs:SendMessage on "*" is not in IAM_WILDCARDS',
      'NotifierRole: s3:GetObject on "arn:aws:s3:::*/x" is not in IAM_WILDCARDS',
    ]);
  });

  it('a mapping change changes the notifications, the reads, the bucket policy and the alarms', async () => {
    const before = buildDeployment('dev', dev, mappings);
    const after = buildDeployment(
      'dev',
      dev,
      await fixtureWith([
        {
          file: 'shop-c.json',
          json: {
            source: 'shop-c',
            prefix: 'dms/shop-c/',
            writer: { account: '333333333333' },
            tenant: { column: 'shop_id', value: 'shop-c' },
            tables: { 'shop.orders': { primaryKey: ['id'], warehouse: { schema: 'analytics', table: 'orders' } } },
          },
        },
      ]),
    );
    expect(after.notificationPrefixes).toEqual([...before.notificationPrefixes, 'dms/shop-c/'].sort());
    const added = (d: typeof before) => Object.keys(resourcesOf(d));
    expect(added(after).filter((id) => !added(before).includes(id))).toEqual([
      expect.stringMatching(/^WarehouseLagShopCShopOrders[0-9a-f]{8}$/),
      expect.stringMatching(/^SpeedLayerLagShopCShopOrders[0-9a-f]{8}$/),
      expect.stringMatching(/^StalledShopCShopOrders[0-9a-f]{8}$/),
    ]);
    const reads = statement(resourcesOf(after), 'ChangeForwarderRole', 'ReadMappedPrefixes')?.Resource;
    expect(reads).toContain('arn:aws:s3:::ferry-dev-landing-000000000000-ap-northeast-2/dms/shop-c/*');
    const policy = renderCfn(resourcesOf(after).LandingBucketPolicy!.Properties) as {
      PolicyDocument: { Statement: { Principal: unknown; Resource: string }[] };
    };
    expect(policy.PolicyDocument.Statement.map((s) => [s.Principal, s.Resource.split('/').slice(1).join('/')])).toEqual(
      [
        [{ AWS: 'arn:aws:iam::123456789012:role/service-role/dms-s3-writer' }, 'dms/shop-a/*'],
        [{ AWS: 'arn:aws:iam::210987654321:root' }, 'cdc/shop-b/*'],
        [{ AWS: 'arn:aws:iam::333333333333:root' }, 'dms/shop-c/*'],
      ],
    );
    const lag = resourcesOf(after)[added(after).find((id) => id.startsWith('SpeedLayerLagShopC'))!]!;
    expect(renderCfn(lag.Properties)).toMatchObject({
      AlarmName: 'ferry-dev-merge-worker-lag-shop-c-shop.orders',
      Namespace: 'ferry',
      MetricName: 'LagSeconds',
      Dimensions: [
        { Name: 'service', Value: 'merge-worker' },
        { Name: 'table', Value: 'shop-c:shop.orders' },
      ],
      Threshold: 30 * 60,
      AlarmActions: ['<AlarmTopic>'],
      OKActions: ['<AlarmTopic>'],
    });
    // No commit in either sink for the stage's 30 minutes: six five-minute periods with no data or no commit.
    const stalled = resourcesOf(after)[added(after).find((id) => id.startsWith('StalledShopC'))!]!;
    expect(renderCfn(stalled.Properties)).toMatchObject({
      AlarmName: 'ferry-dev-stalled-shop-c-shop.orders',
      Metrics: [
        {
          Id: 'w',
          MetricStat: {
            Metric: {
              Namespace: 'ferry',
              MetricName: 'FilesLoaded',
              Dimensions: [
                { Name: 'service', Value: 'warehouse-loader' },
                { Name: 'table', Value: 'shop-c:shop.orders' },
              ],
            },
            Period: 300,
            Stat: 'Sum',
          },
          ReturnData: false,
        },
        { Id: 's', MetricStat: { Metric: { MetricName: 'RowsMerged' } }, ReturnData: false },
        { Id: 'commits', Expression: 'MIN([FILL(w, 0), FILL(s, 0)])', ReturnData: true },
      ],
      EvaluationPeriods: 6,
      DatapointsToAlarm: 6,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      AlarmActions: ['<AlarmTopic>'],
      OKActions: ['<AlarmTopic>'],
    });
  });

  it("a table's (else its source's) freshnessMinutes sets its stalled alarm's window, up to CloudWatch's day", () => {
    const tuned = parseMappings([
      {
        file: 'shop-c.json',
        json: {
          source: 'shop-c',
          prefix: 'dms/shop-c/',
          freshnessMinutes: 1440,
          tables: {
            'shop.orders': { primaryKey: ['id'], freshnessMinutes: 12, speedLayer: false },
            'shop.items': { primaryKey: ['id'] },
          },
        },
      },
    ]);
    const r = resourcesOf(buildDeployment('dev', dev, tuned));
    const stalled = Object.entries(r)
      .filter(([id]) => id.startsWith('Stalled'))
      .map(
        ([, res]) =>
          renderCfn(res.Properties) as {
            AlarmName: string;
            EvaluationPeriods: number;
            Metrics: { Id: string; Expression?: string }[];
          },
      );
    expect(stalled.map((a) => [a.AlarmName, a.EvaluationPeriods, a.Metrics.at(-1)!.Expression]).sort()).toEqual([
      ['ferry-dev-stalled-shop-c-shop.items', 288, 'MIN([FILL(w, 0), FILL(s, 0)])'],
      ['ferry-dev-stalled-shop-c-shop.orders', 3, 'FILL(w, 0)'],
    ]);
  });

  it('an existing bucket: no bucket resource, its notification configuration as an output, its policy by name', () => {
    const d = buildDeployment('prod', prod, mappings);
    const r = resourcesOf(d);
    expect(r.LandingBucket).toBeUndefined();
    expect(r.LandingBucketPolicy!.DependsOn).toBeUndefined();
    expect(renderCfn(r.LandingBucketPolicy!.Properties.Bucket)).toBe('acme-dms-landing-prod');
    const output = d.resources.Outputs.LandingNotificationConfiguration as { Value: unknown };
    expect(JSON.parse(renderCfn(output.Value) as string)).toEqual({
      TopicConfigurations: ['cdc/shop-b/', 'dms/crm/', 'dms/shop-a/'].map((prefix) => ({
        TopicArn: '<LandingTopic>',
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: prefix }] } },
      })),
    });
  });

  it('sets each SQS queue’s visibility to 6× the function timeout plus the batching window', () => {
    const d = buildDeployment('prod', prod, mappings);
    expect(d.warehouseLoader.visibilityTimeout).toBe(6 * 600 + 120);
    expect(d.changeForwarder.visibilityTimeout).toBe(6 * 120 + 0);
    expect(renderCfn(resourcesOf(d).ChangeStream!.Properties)).toEqual({
      Name: 'ferry-prod-changes',
      RetentionPeriodHours: 48,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      ShardCount: 4,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: prod.stream.kmsKeyArn },
    });
  });

  it('leaves out of the bundles the warehouse SDK and the database driver the stage does not use', () => {
    const runtime = ['@aws-sdk/*', '@smithy/*'];
    const local = ['@duckdb/*', '@electric-sql/pglite'];
    expect(esbuildExclude(dev)).toEqual({ runtime, leftOut: [...local, 'snowflake-sdk', 'mysql2'] });
    expect(esbuildExclude(prod)).toEqual({
      runtime,
      leftOut: [...local, '@google-cloud/bigquery', 'google-auth-library', 'pg'],
    });
    const d = buildDeployment('dev', dev, mappings);
    expect(d.esbuildExclude).toEqual([...runtime, ...d.esbuildLeftOut]);
  });

  it('refuses mappings with no source, and bundles the folder the mappings came from', () => {
    expect(() => buildDeployment('dev', dev, parseMappings([]))).toThrow(
      'no mapping files: a stage without mapped sources has nothing to deploy. Add one <source>.json per DMS source to the mappings folder (docs/mappings.md)',
    );
    const d = buildDeployment('dev', dev, mappings, { mappingsDir: 'packages/deploy/test/fixtures/mappings' });
    expect(d.mergeWorker.patterns).toEqual([
      'packages/deploy/test/fixtures/mappings/*.json',
      '!packages/deploy/test/fixtures/mappings/mappings.schema.json',
    ]);
    expect(d.mergeWorker.environment.FERRY_MAPPINGS_DIR).toBe('packages/deploy/test/fixtures/mappings');
    expect(() => parseStageConfig('config/dev.json', {})).toThrow(/missing required key "region"/);
  });
});
