import { CreateStreamCommand, DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startFauxqs } from 'fauxqs';
import type { ClientConfigs } from './ClientConfigs.js';
import type { KinesisLocal } from './kinesis/KinesisLocal.js';
import type { MemoryKinesis } from './kinesis/MemoryKinesis.js';
import { startKinesisLocal } from './kinesis/startKinesisLocal.js';
import { startMemoryKinesis } from './kinesis/startMemoryKinesis.js';
import type { LocalStack } from './LocalStack.js';
import { LocalStackError } from './LocalStackError.js';
import type { LocalStackOptions } from './LocalStackOptions.js';
import { s3CreatedEvent } from './s3CreatedEvent.js';
import type { MemorySecretsManager } from './secrets/MemorySecretsManager.js';
import { startMemorySecretsManager } from './secrets/startMemorySecretsManager.js';
import type { SqsEndpoint } from './sqs/SqsEndpoint.js';
import { startSqsEndpoint } from './sqs/startSqsEndpoint.js';
import type { Topology } from './Topology.js';
import type { TopologyNames } from './TopologyNames.js';

// fauxqs caps a single PutObject near 11 MiB; S3 clients switch to multipart well before, and so do we.
const MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

const DEFAULT_NAMES: TopologyNames = {
  bucket: 'ferry-landing',
  topic: 'ferry-landing',
  warehouseQueue: 'ferry-warehouse',
  warehouseDlq: 'ferry-warehouse-dlq',
  streamQueue: 'ferry-stream',
  streamDlq: 'ferry-stream-dlq',
  mergeFailureQueue: 'ferry-merge-failures',
  stream: 'ferry-changes',
};

/**
 * Starts the AWS services ferry uses, embedded, and creates the production topology in them:
 * bucket → (this stack's `putObject`) → SNS topic → warehouse and stream queues (SNS envelope delivery, each with a
 * DLQ through its RedrivePolicy), the merge worker's on-failure queue, and one Kinesis stream. S3, SNS and SQS are
 * fauxqs; Kinesis is memoryKinesis or kinesis-local. Reach them with the real SDK clients via `clientConfig`.
 *
 * @example
 * const stack = await startLocalStack({ visibilityTimeoutSeconds: 2 });
 * const sqs = new SQSClient(stack.clientConfig('sqs'));
 * await stack.putObject('dms/shop/orders/LOAD00000001.parquet', bytes);
 * await stack.stop();
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const region = options.region ?? 'ap-northeast-2';
  const names: TopologyNames = { ...DEFAULT_NAMES, ...options.names };
  const credentials = { accessKeyId: 'ferry-local', secretAccessKey: 'ferry-local' } as const;
  const visibility = String(options.visibilityTimeoutSeconds ?? 30);
  const maxReceiveCount = String(options.maxReceiveCount ?? 5);

  const fauxqs = await startFauxqs({ port: 0, logger: false, defaultRegion: region });
  let kinesis: MemoryKinesis | KinesisLocal | undefined;
  try {
    kinesis =
      options.kinesis === 'kinesis-local'
        ? await startKinesisLocal({ region })
        : await startMemoryKinesis({ region, shards: options.shards ?? 1 });
  } catch (cause) {
    await fauxqs.stop();
    throw cause;
  }
  const kinesisServer = kinesis;
  let secretsServer: MemorySecretsManager;
  try {
    secretsServer = await startMemorySecretsManager({ region });
  } catch (cause) {
    await Promise.allSettled([fauxqs.stop(), kinesisServer.stop()]);
    throw cause;
  }
  // fauxqs lacks SQS message move tasks (DLQ redrive); this endpoint answers them and forwards the rest.
  let sqsEndpoint: SqsEndpoint;
  try {
    sqsEndpoint = await startSqsEndpoint({ upstream: fauxqs.address, region, credentials });
  } catch (cause) {
    await Promise.allSettled([fauxqs.stop(), kinesisServer.stop(), secretsServer.stop()]);
    throw cause;
  }

  const base = { region, credentials };
  const configs = (): ClientConfigs => ({
    s3: { ...base, endpoint: fauxqs.address, forcePathStyle: true },
    // The queue URLs fauxqs gives use `sqs.<region>.localhost`; send every call to the endpoint itself.
    sqs: { ...base, endpoint: sqsEndpoint.endpoint, useQueueUrlAsEndpoint: false },
    sns: { ...base, endpoint: fauxqs.address },
    // The Kinesis client defaults to HTTP/2, which neither stand-in speaks.
    // A handler per client: destroying a client destroys its handler.
    kinesis: { ...base, endpoint: kinesisServer.endpoint, requestHandler: new NodeHttpHandler() },
    secretsmanager: { ...base, endpoint: secretsServer.endpoint },
  });

  const queue = (name: string, dlqArn?: string) =>
    fauxqs.createQueue(name, {
      attributes: {
        VisibilityTimeout: visibility,
        ...(dlqArn ? { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount }) } : {}),
      },
    });
  fauxqs.createBucket(names.bucket);
  const { topicArn } = fauxqs.createTopic(names.topic);
  const warehouseDlq = queue(names.warehouseDlq);
  const warehouse = queue(names.warehouseQueue, warehouseDlq.queueArn);
  const streamDlq = queue(names.streamDlq);
  const stream = queue(names.streamQueue, streamDlq.queueArn);
  const mergeFailures = queue(names.mergeFailureQueue);
  // Not raw: ferry's consumers read the SNS envelope, as they do in production.
  fauxqs.subscribe({ topic: names.topic, queue: names.warehouseQueue });
  fauxqs.subscribe({ topic: names.topic, queue: names.streamQueue });

  const s3 = new S3Client(configs().s3);
  const sns = new SNSClient(configs().sns);
  const sqs = new SQSClient(configs().sqs);
  const kinesisClient = new KinesisClient(configs().kinesis);
  const secrets = new SecretsManagerClient(configs().secretsmanager);
  let streamArn: string;
  try {
    streamArn = await createStream(kinesisClient, names.stream, options.shards ?? 1);
  } catch (cause) {
    await Promise.allSettled([sqsEndpoint.stop(), fauxqs.stop(), kinesisServer.stop()]);
    throw new LocalStackError(`could not create Kinesis stream ${names.stream}`, { cause });
  }

  const topology: Topology = {
    bucket: names.bucket,
    topicArn,
    warehouseQueueUrl: warehouse.queueUrl,
    warehouseQueueArn: warehouse.queueArn,
    warehouseDlqUrl: warehouseDlq.queueUrl,
    streamQueueUrl: stream.queueUrl,
    streamQueueArn: stream.queueArn,
    streamDlqUrl: streamDlq.queueUrl,
    streamName: names.stream,
    streamArn,
    mergeFailureQueueUrl: mergeFailures.queueUrl,
  };

  // S3's sequencer orders the events of one key: a hex number that only grows.
  let sequencer = BigInt(Date.now()) << 20n;
  const publish = (message: string) =>
    sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'Amazon S3 Notification', Message: message }));

  return {
    region,
    credentials,
    endpoints: {
      s3: fauxqs.address,
      sqs: sqsEndpoint.endpoint,
      sns: fauxqs.address,
      kinesis: kinesisServer.endpoint,
      secretsmanager: secretsServer.endpoint,
    },
    topology,
    clientConfig: <S extends keyof ClientConfigs>(service: S) => configs()[service],
    async putSecret(name, value) {
      try {
        return (await secrets.send(new CreateSecretCommand({ Name: name, SecretString: value }))).ARN!;
      } catch (error) {
        if ((error as { name?: string }).name !== 'ResourceExistsException') throw error;
        return (await secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }))).ARN!;
      }
    },
    async putObject(key, body, putOptions = {}) {
      const multipart = body.byteLength > MULTIPART_THRESHOLD;
      const eTag = multipart
        ? await putMultipart(s3, names.bucket, key, body)
        : await putSingle(s3, names.bucket, key, body);
      sequencer++;
      const event = s3CreatedEvent({
        region,
        bucket: names.bucket,
        key,
        size: body.byteLength,
        eTag,
        sequencer: sequencer.toString(16).toUpperCase().padStart(18, '0'),
        eventTime: new Date(),
        multipart,
      });
      const message = JSON.stringify(event);
      for (let i = 0; i < (putOptions.times ?? 1); i++) await publish(message);
      return { eTag };
    },
    async publishTestEvent() {
      await publish(
        JSON.stringify({
          Service: 'Amazon S3',
          Event: 's3:TestEvent',
          Time: new Date().toISOString(),
          Bucket: names.bucket,
          RequestId: crypto.randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase(),
          HostId: Buffer.from(crypto.randomUUID()).toString('base64'),
        }),
      );
    },
    async queueDepth(queueUrl) {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
        inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    },
    throttleKinesis(entries) {
      if (!('throttle' in kinesisServer)) {
        throw new LocalStackError('throttleKinesis needs memoryKinesis', {
          hint: "Start the stack with kinesis: 'memory' to use Kinesis fault hooks",
        });
      }
      kinesisServer.throttle(entries);
    },
    expireKinesisRecords() {
      if (!('expireRecords' in kinesisServer)) {
        throw new LocalStackError('expireKinesisRecords needs memoryKinesis', {
          hint: "Start the stack with kinesis: 'memory' to use Kinesis fault hooks",
        });
      }
      kinesisServer.expireRecords();
    },
    async stop() {
      for (const client of [s3, sns, sqs, kinesisClient, secrets]) client.destroy();
      // Running move tasks talk to fauxqs: end them before it goes.
      await sqsEndpoint.stop();
      await Promise.all([fauxqs.stop(), kinesisServer.stop(), secretsServer.stop()]);
    },
  };
}

async function createStream(client: KinesisClient, name: string, shards: number): Promise<string> {
  await client.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  // kinesis-local creates streams asynchronously (CREATING, then ACTIVE); memoryKinesis is ACTIVE at once.
  for (let attempt = 0; ; attempt++) {
    const { StreamDescriptionSummary: summary } = await client.send(
      new DescribeStreamSummaryCommand({ StreamName: name }),
    );
    if (summary?.StreamStatus === 'ACTIVE' && summary.StreamARN) return summary.StreamARN;
    if (attempt > 100) throw new Error(`stream ${name} still ${summary?.StreamStatus} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function putSingle(s3: S3Client, bucket: string, key: string, body: Uint8Array): Promise<string> {
  const { ETag } = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  return (ETag ?? '').replace(/"/g, '');
}

async function putMultipart(s3: S3Client, bucket: string, key: string, body: Uint8Array): Promise<string> {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const parts: { PartNumber: number; ETag: string }[] = [];
  for (let offset = 0, part = 1; offset < body.byteLength; offset += PART_SIZE, part++) {
    const { ETag } = await s3.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        PartNumber: part,
        Body: body.subarray(offset, offset + PART_SIZE),
      }),
    );
    parts.push({ PartNumber: part, ETag: ETag ?? '' });
  }
  const { ETag } = await s3.send(
    new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }),
  );
  return (ETag ?? '').replace(/"/g, '');
}
