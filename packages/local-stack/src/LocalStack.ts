import type { ClientConfigs } from './ClientConfigs.js';
import type { Topology } from './Topology.js';

/** The AWS services one ferry deployment uses, embedded (see `startLocalStack`). */
export interface LocalStack {
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly endpoints: {
    readonly s3: string;
    readonly sqs: string;
    readonly sns: string;
    readonly kinesis: string;
    readonly secretsmanager: string;
  };
  readonly topology: Topology;
  /**
   * What a real SDK client needs to reach this stack: spread it into the constructor.
   * @example new S3Client(stack.clientConfig('s3'))
   */
  clientConfig<S extends keyof ClientConfigs>(service: S): ClientConfigs[S];
  /**
   * Writes the object (multipart above 8 MiB), then publishes the S3 `ObjectCreated:*` notification to the topic
   * as S3 would. `times` (default 1) publishes it that many times: S3 delivers at least once.
   */
  putObject(key: string, body: Uint8Array, options?: { times?: number }): Promise<{ eTag: string }>;
  /** Creates (or replaces the value of) a Secrets Manager secret; returns its ARN. */
  putSecret(name: string, value: string): Promise<string>;
  /** Publishes `s3:TestEvent`, as S3 does when a notification is configured. */
  publishTestEvent(): Promise<void>;
  queueDepth(queueUrl: string): Promise<{ visible: number; inFlight: number }>;
  /** Memory Kinesis's fault hook (see `MemoryKinesis.throttle`); throws with kinesis-local. */
  throttleKinesis(entries: number): void;
  /** Memory Kinesis's retention hook (see `MemoryKinesis.expireRecords`); throws with kinesis-local. */
  expireKinesisRecords(): void;
  stop(): Promise<void>;
}
