import type { KinesisClientConfig } from '@aws-sdk/client-kinesis';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';
import type { SNSClientConfig } from '@aws-sdk/client-sns';
import type { SQSClientConfig } from '@aws-sdk/client-sqs';

/** The client configuration `LocalStack.clientConfig` gives, per service. */
export interface ClientConfigs {
  readonly s3: S3ClientConfig;
  readonly sqs: SQSClientConfig;
  readonly sns: SNSClientConfig;
  readonly kinesis: KinesisClientConfig;
  readonly secretsmanager: SecretsManagerClientConfig;
}
