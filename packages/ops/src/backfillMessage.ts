import { randomUUID } from 'node:crypto';

/**
 * The SQS message body for one landed file: an S3 `ObjectCreated:Put` event record (eventVersion 2.1, field for
 * field as S3 sends it, the key form-URL-encoded as S3 encodes it) inside an SNS `Notification` envelope, because
 * the queues receive the landing topic's deliveries (not raw) and the handlers read them that way
 * (`parseS3Notifications`). Marked as a backfill where S3 leaves room: `configurationId` is `ferry-backfill` and
 * `userIdentity.principalId` is `ferry-backfill`, so a loader's log of the message says where it came from.
 *
 * `eventTime` is the time of sending, not the object's LastModified: the handlers measure `LagSeconds` from it, and
 * a week-old file re-sent today is not a week late (its lag alarm would fire for the whole backfill). The envelope
 * carries no SNS signature (only SNS can sign); ferry does not verify it.
 */
export function backfillMessage(input: {
  readonly region: string;
  readonly topicArn: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly eTag: string;
  readonly sequencer: string;
  readonly eventTime: Date;
}): string {
  const event = {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: input.region,
        eventTime: input.eventTime.toISOString(),
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'ferry-backfill' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': input.sequencer.slice(-16), 'x-amz-id-2': 'ferry-backfill' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'ferry-backfill',
          bucket: {
            name: input.bucket,
            ownerIdentity: { principalId: 'ferry-backfill' },
            arn: `arn:aws:s3:::${input.bucket}`,
          },
          object: {
            key: encodeS3EventKey(input.key),
            size: input.size,
            eTag: input.eTag.replace(/"/g, ''),
            sequencer: input.sequencer,
          },
        },
      },
    ],
  };
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: input.topicArn,
    Subject: 'Amazon S3 Notification',
    Message: JSON.stringify(event),
    Timestamp: input.eventTime.toISOString(),
  });
}

/** S3's event-key encoding (Java's URLEncoder, `/` kept): space → `+`, `+` → `%2B`, UTF-8 as `%XX`. */
function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}
