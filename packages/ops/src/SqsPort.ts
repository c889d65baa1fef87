import type { SQSClient } from '@aws-sdk/client-sqs';

/** The part of an `SQSClient` the DLQ use cases call: a real client, or one wrapped to inject faults in tests. */
export type SqsPort = Pick<SQSClient, 'send'>;
