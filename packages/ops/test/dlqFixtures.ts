import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { s3CreatedEvent } from '@ferry/local-stack';
import { parseMappings } from '@ferry/mappings';

const table = (name: string) => ({
  primaryKey: ['id'],
  warehouse: { schema: 'raw', table: name, deletes: 'soft' },
  speedLayer: { table: name },
});

/** Two mapped tables of one source, as the DLQ tests name them. */
export const dlqMappings = parseMappings([
  {
    file: 'brand-a.json',
    json: {
      source: 'brand-a',
      prefix: 'dms/brand-a/',
      tables: { 'shop.orders': table('orders'), 'shop.order_items': table('order_items') },
    },
  },
]);

/** The body SNS delivers to a subscribed queue for one created object: an envelope around the S3 event. */
export function snsS3Body(key: string, eventTime = new Date()): string {
  const event = s3CreatedEvent({
    region: 'ap-northeast-2',
    bucket: 'ferry-test-landing',
    key,
    size: 100,
    eTag: 'd41d8cd98f00b204e9800998ecf8427e',
    sequencer: '0055AED6DCD90281E5',
    eventTime,
    multipart: false,
  });
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: 'arn:aws:sns:ap-northeast-2:000000000000:ferry-test-landing',
    Subject: 'Amazon S3 Notification',
    Message: JSON.stringify(event),
    Timestamp: eventTime.toISOString(),
  });
}

export async function sendBodies(sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (const body of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
}

/** Every body now visible in the queue (received and left hidden, so call it last). */
export async function visibleBodies(sqs: SQSClient, queueUrl: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
      }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((m) => m.Body!));
  }
}
