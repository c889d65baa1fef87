import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadMappings, MappingError, type Mappings } from '@ferry/mappings';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStageConfig, type StageConfig } from '../src/index.js';
import { bundleBytesWithout, packageOf } from './support/bundleBytes.js';
import { renderCfn } from './support/renderCfn.js';
import { wildcardViolations } from './support/wildcardViolations.js';

/**
 * Packages the `ci` stage once with osls (`pnpm package --stage ci`, offline, no AWS credentials in its
 * environment) and reads what a deploy would upload: the CloudFormation template, the function zips and the
 * bundles' esbuild metafiles. The mappings are this test's fixture (three sources, two of them written from other
 * accounts), passed as `--param mappings=<dir>`.
 */
const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURE = 'packages/deploy/test/fixtures/mappings';
const FUNCTIONS = ['warehouse-loader', 'change-forwarder', 'merge-worker', 'notifier'] as const;
/** The bundle budget (issue 3): minified, not counting the warehouse SDK. */
const BUNDLE_BUDGET = 1_000_000;
const WAREHOUSE_SDKS = ['@google-cloud/bigquery', 'google-auth-library', 'snowflake-sdk'];

type Resource = { Type: string; DependsOn?: string | string[]; Properties: Record<string, unknown> };
type Template = { Resources: Record<string, Resource>; Outputs: Record<string, unknown> };

/** Runs a command with the test's environment minus every AWS_* variable: packaging must need no credentials. */
async function runOffline(file: string, args: string[], cwd = ROOT) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const byType = (t: Template, type: string) => Object.entries(t.Resources).filter(([, r]) => r.Type === type);
const arnId = (v: unknown) => (v as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];

describe('pnpm package --stage ci (osls + serverless-esbuild, offline)', () => {
  let template: Template;
  let mappings: Mappings;
  let config: StageConfig;
  const zips = new Map<string, string[]>();
  const metafiles = new Map<string, Metafile>();
  let work: string;
  /** A copy of .serverless/ as this packaging left it (a later failed packaging must not change what is read). */
  let OUT: string;

  beforeAll(async () => {
    const packaged = await runOffline('pnpm', ['package', '--stage', 'ci', '--param', `mappings=${FIXTURE}`]);
    if (packaged.code !== 0) throw new Error(`packaging failed:\n${packaged.stdout}\n${packaged.stderr}`);
    work = await mkdtemp(join(tmpdir(), 'ferry-package-'));
    OUT = join(work, 'packaged');
    await cp(join(ROOT, '.serverless'), OUT, { recursive: true });
    template = JSON.parse(await readFile(join(OUT, 'cloudformation-template-update-stack.json'), 'utf8'));
    mappings = await loadMappings(join(ROOT, FIXTURE));
    config = await loadStageConfig('ci', { root: ROOT });
    for (const fn of FUNCTIONS) {
      const { stdout } = await run('unzip', ['-Z1', join(OUT, `${fn}.zip`)]);
      zips.set(fn, stdout.split('\n').filter(Boolean).sort());
      metafiles.set(fn, JSON.parse(await readFile(join(OUT, 'bundles', `${fn}.json`), 'utf8')));
    }
  }, 180_000);
  afterAll(() => (work ? rm(work, { recursive: true, force: true }) : undefined));

  it('fans out: the bucket notifies exactly the mapped prefixes to one topic, which feeds both queues', () => {
    const bucket = template.Resources.LandingBucket!.Properties;
    const notifications = renderCfn(bucket.NotificationConfiguration) as {
      TopicConfigurations: { Event: string; Topic: string; Filter: { S3Key: { Rules: { Value: string }[] } } }[];
    };
    expect(notifications.TopicConfigurations.map((c) => c.Filter.S3Key.Rules[0]!.Value).sort()).toEqual(
      mappings.sources.map((s) => s.prefix).sort(),
    );
    for (const c of notifications.TopicConfigurations) {
      expect(c).toMatchObject({ Event: 's3:ObjectCreated:*', Topic: '<LandingTopic>' });
    }
    expect(bucket.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(Object.values(bucket.PublicAccessBlockConfiguration as object)).toEqual([true, true, true, true]);
    // The topic admits only this bucket of this account.
    expect(renderCfn(template.Resources.LandingTopicPolicy!.Properties.PolicyDocument)).toMatchObject({
      Statement: [
        {
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sns:Publish',
          Condition: {
            ArnEquals: { 'aws:SourceArn': 'arn:aws:s3:::ferry-ci-landing-000000000000-ap-northeast-2' },
            StringEquals: { 'aws:SourceAccount': '000000000000' },
          },
        },
      ],
    });
    const subscriptions = byType(template, 'AWS::SNS::Subscription')
      .map(([, r]) => renderCfn(r.Properties) as Record<string, unknown>)
      .filter((p) => p.TopicArn === '<LandingTopic>');
    expect(subscriptions.map((p) => [p.Protocol, p.Endpoint, p.RawMessageDelivery]).sort()).toEqual([
      ['sqs', '<StreamQueue.Arn>', undefined],
      ['sqs', '<WarehouseQueue.Arn>', undefined],
    ]);
  });

  it('the bucket policy grants exactly each writer s3:PutObject on exactly its prefix', () => {
    const policy = renderCfn(template.Resources.LandingBucketPolicy!.Properties.PolicyDocument) as {
      Statement: { Effect: string; Principal: { AWS: string }; Action: string; Resource: string }[];
    };
    const bucket = 'arn:aws:s3:::ferry-ci-landing-000000000000-ap-northeast-2';
    const expected = mappings.sources
      .filter((s) => s.writer !== undefined)
      .map((s) => ({
        Effect: 'Allow',
        Principal: { AWS: s.writer!.role ?? `arn:aws:iam::${s.writer!.account}:root` },
        Action: 's3:PutObject',
        Resource: `${bucket}/${s.prefix}*`,
      }));
    expect(expected).toHaveLength(2);
    expect(
      policy.Statement.map(({ Effect, Principal, Action, Resource }) => ({ Effect, Principal, Action, Resource })),
    ).toEqual(expected);
  });

  it('every function has a role of its own, and no Allow puts a "*" where IAM_WILDCARDS does not explain it', () => {
    const functions = byType(template, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(4);
    const roles = functions.map(([, f]) => arnId(f.Properties.Role));
    expect(new Set(roles).size).toBe(4);
    for (const role of roles) expect(template.Resources[role]!.Type).toBe('AWS::IAM::Role');
    // The framework's shared default role is not generated when every function names its own.
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    expect(
      byType(template, 'AWS::IAM::Role')
        .map(([id]) => id)
        .sort(),
    ).toEqual([...roles].sort());
    expect(wildcardViolations(template)).toEqual([]);
  });

  it('each queue has a dead-letter queue, SSE, and a visibility timeout ≥ 6 × its function’s timeout + batching window', () => {
    const queues = byType(template, 'AWS::SQS::Queue');
    for (const [, q] of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    const sqsMappings = byType(template, 'AWS::Lambda::EventSourceMapping').filter(([, m]) =>
      arnId(m.Properties.EventSourceArn).endsWith('Queue'),
    );
    expect(sqsMappings).toHaveLength(2);
    for (const [, m] of sqsMappings) {
      const queue = template.Resources[arnId(m.Properties.EventSourceArn)]!.Properties;
      const fn = template.Resources[arnId(m.Properties.FunctionName)]!.Properties;
      expect(queue.VisibilityTimeout as number).toBeGreaterThanOrEqual(
        6 * (fn.Timeout as number) + (m.Properties.MaximumBatchingWindowInSeconds as number),
      );
      const redrive = queue.RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number };
      expect(template.Resources[arnId(redrive.deadLetterTargetArn)]!.Type).toBe('AWS::SQS::Queue');
      expect(redrive.maxReceiveCount).toBe(5);
    }
  });

  it('event source mappings: partial batch responses; the stream’s with bisect, bounded retries and an on-failure queue', () => {
    const esms = Object.fromEntries(
      byType(template, 'AWS::Lambda::EventSourceMapping').map(([, m]) => [
        arnId(m.Properties.FunctionName),
        m.Properties,
      ]),
    );
    expect(Object.keys(esms).sort()).toEqual([
      'ChangeDashforwarderLambdaFunction',
      'MergeDashworkerLambdaFunction',
      'WarehouseDashloaderLambdaFunction',
    ]);
    for (const p of Object.values(esms)) expect(p.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(esms.WarehouseDashloaderLambdaFunction).toMatchObject({
      BatchSize: config.warehouseLoader.batchSize,
      MaximumBatchingWindowInSeconds: config.warehouseLoader.batchingWindowSeconds,
      ScalingConfig: { MaximumConcurrency: config.warehouseLoader.maximumConcurrency },
    });
    const stream = esms.MergeDashworkerLambdaFunction!;
    expect(renderCfn(stream)).toMatchObject({
      EventSourceArn: '<ChangeStream.Arn>',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: config.mergeWorker.maximumRetryAttempts,
      MaximumRecordAgeInSeconds: config.mergeWorker.maximumRecordAgeSeconds,
      DestinationConfig: { OnFailure: { Destination: '<MergeFailureQueue.Arn>' } },
    });
    expect(stream.MaximumRetryAttempts as number).toBeGreaterThanOrEqual(0);
    expect(template.Resources.MergeFailureQueue!.Type).toBe('AWS::SQS::Queue');
    expect(renderCfn(template.Resources.ChangeStream!.Properties)).toMatchObject({
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      RetentionPeriodHours: 24,
    });
  });

  it('alarms on dead letters, iterator age, errors and freshness go to the alarm topic, which invokes the notifier', () => {
    const alarms = byType(template, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => renderCfn(a.Properties) as Record<string, unknown>,
    );
    for (const a of alarms) {
      expect(a.AlarmActions).toEqual(['<AlarmTopic>']);
      expect(a.OKActions).toEqual(['<AlarmTopic>']);
    }
    const watched = alarms.map((a) => `${a.MetricName} ${JSON.stringify(a.Dimensions)}`);
    for (const queue of ['WarehouseDeadLetterQueue', 'StreamDeadLetterQueue', 'MergeFailureQueue']) {
      expect(watched).toContain(
        `ApproximateNumberOfMessagesVisible [{"Name":"QueueName","Value":"<${queue}.QueueName>"}]`,
      );
    }
    expect(watched).toContain('IteratorAge [{"Name":"FunctionName","Value":"ferry-ci-merge-worker"}]');
    for (const fn of FUNCTIONS) expect(watched).toContain(`Errors [{"Name":"FunctionName","Value":"ferry-ci-${fn}"}]`);
    // Per mapped table and sink: the lag the handlers publish.
    const tables = mappings.sources.flatMap((s) => [...s.tables.values()]);
    const lag = alarms.filter((a) => a.MetricName === 'LagSeconds');
    expect(lag).toHaveLength(
      tables.filter((t) => t.warehouse !== undefined).length + tables.filter((t) => t.speedLayer !== undefined).length,
    );
    const subscription = byType(template, 'AWS::SNS::Subscription')
      .map(([, r]) => renderCfn(r.Properties) as Record<string, unknown>)
      .find((p) => p.TopicArn === '<AlarmTopic>');
    expect(subscription).toMatchObject({ Protocol: 'lambda', Endpoint: '<NotifierLambdaFunction.Arn>' });
  });

  it('each zip holds its bundle and the mapping files it reads, and nothing else', async () => {
    const mappingFiles = (await readdir(join(ROOT, FIXTURE))).filter((n) => n.endsWith('.json')).sort();
    for (const fn of FUNCTIONS) {
      const bundled = fn === 'notifier' ? [] : mappingFiles.map((n) => `${FIXTURE}/${n}`);
      expect(zips.get(fn)).toEqual([...bundled, `services/${fn}/src/handler.mjs`].sort());
    }
    const env = (fn: string) =>
      (
        Object.values(template.Resources).find(
          (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === `ferry-ci-${fn}`,
        )!.Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
    for (const fn of ['warehouse-loader', 'change-forwarder', 'merge-worker']) {
      expect(env(fn).FERRY_MAPPINGS_DIR).toBe(FIXTURE);
    }
  });

  it('each bundle carries only its stage’s driver and stays within the budget', () => {
    const packages = (fn: string) =>
      new Set(
        Object.entries(Object.values(metafiles.get(fn)!.outputs)[0]!.inputs)
          .filter(([, i]) => i.bytesInOutput > 0)
          .map(([path]) => packageOf(path))
          .filter((p) => p !== undefined),
      );
    const loader = packages('warehouse-loader');
    expect(config.warehouse.kind).toBe('bigquery');
    expect(loader.has('@google-cloud/bigquery')).toBe(true);
    expect(loader.has('snowflake-sdk')).toBe(false);
    expect(loader.has('@duckdb/node-api')).toBe(false);
    const worker = packages('merge-worker');
    expect(config.speedLayer.kind).toBe('postgres');
    expect(worker.has('pg')).toBe(true);
    expect(worker.has('mysql2')).toBe(false);
    expect(worker.has('@electric-sql/pglite')).toBe(false);
    for (const fn of FUNCTIONS) {
      // The AWS SDK comes from the Lambda runtime, not the bundle.
      expect([...packages(fn)].filter((p) => p.startsWith('@aws-sdk/') || p.startsWith('@smithy/'))).toEqual([]);
      expect(bundleBytesWithout(metafiles.get(fn)!, WAREHOUSE_SDKS)).toBeLessThanOrEqual(BUNDLE_BUDGET);
    }
  });

  it('each bundle loads with only what the Lambda runtime provides (the AWS SDK), up to reading its config', async () => {
    for (const fn of FUNCTIONS) {
      const dir = join(work, 'run', fn);
      await mkdir(dir, { recursive: true });
      await run('unzip', ['-q', '-o', join(OUT, `${fn}.zip`), '-d', dir]);
      const output = Object.values(metafiles.get(fn)!.outputs)[0]!;
      const statics = output.imports.filter((i) => i.external && i.kind === 'import-statement' && !isBuiltin(i.path));
      // Only what the Node.js 20 Lambda runtime provides: any other package imported at load would be missing there.
      const provided = statics.filter((i) => i.path.startsWith('@aws-sdk/') || i.path.startsWith('@smithy/'));
      for (const { path } of provided) await linkFromWorkspace(path, join(dir, 'node_modules', path));
      const handler = pathToFileURL(join(dir, 'services', fn, 'src', 'handler.mjs')).href;
      // No FERRY_* variables: the handler gets as far as reading its configuration, which names what is missing.
      const loaded = await runOffline(
        process.execPath,
        ['--input-type=module', '-e', `await import(${JSON.stringify(handler)})`],
        dir,
      );
      expect(loaded.code).not.toBe(0);
      expect(loaded.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|Dynamic require|Cannot find (module|package)/);
      expect(loaded.stderr).toContain(`${fn} configuration is invalid`);
    }
  });

  it('a mapping with an error stops packaging with the message `ferry mappings check` prints', async () => {
    const bad = 'packages/deploy/test/fixtures/bad-mappings';
    const expected = await loadMappings(join(ROOT, bad)).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(expected).toBeInstanceOf(MappingError);
    const osls = join(ROOT, 'node_modules', 'osls', 'bin', 'serverless.js');
    const failed = await runOffline(process.execPath, [
      osls,
      'package',
      '--stage',
      'dev',
      '--param',
      `mappings=${bad}`,
    ]);
    expect(failed.code).not.toBe(0);
    const printed = `${failed.stdout}\n${failed.stderr}`;
    for (const line of (expected as MappingError).message.split('\n')) expect(printed).toContain(line);
  });
});

/** `<link>` → the real folder of package `name` as some workspace package depends on it. */
async function linkFromWorkspace(name: string, link: string): Promise<void> {
  const owners = ['services', 'packages'].flatMap((d) => [join(ROOT, d)]);
  for (const base of owners) {
    for (const owner of await readdir(base)) {
      const candidate = join(base, owner, 'node_modules', name);
      if (!existsSync(candidate)) continue;
      await mkdir(dirname(link), { recursive: true });
      if (!existsSync(link)) await symlink(await realpath(candidate), link, 'dir');
      return;
    }
  }
  throw new Error(`no workspace package depends on ${name}`);
}
