import type { S3Event, S3EventRecord } from 'aws-lambda';

/** A complete `ObjectCreated:Put` record as S3 sends it; `encodedKey` goes in as given (URL-encoded). */
export function s3Record(encodedKey: string, overrides: { eventName?: string; bucket?: string; size?: number } = {}) {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: 'ap-northeast-2',
    eventTime: '2026-11-23T00:01:02.345Z',
    eventName: overrides.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'AWS:AROAEXAMPLE:dms-task' },
    requestParameters: { sourceIPAddress: '10.0.0.1' },
    responseElements: {
      'x-amz-request-id': 'C3D13FE58DE4C810',
      'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'ferry-landing',
      bucket: {
        name: overrides.bucket ?? 'ferry-landing',
        ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
        arn: `arn:aws:s3:::${overrides.bucket ?? 'ferry-landing'}`,
      },
      object: {
        key: encodedKey,
        size: overrides.size ?? 2048,
        eTag: 'd41d8cd98f00b204e9800998ecf8427e',
        sequencer: '0055AED6DCD90281E5',
      },
    },
  } satisfies S3EventRecord;
}

export function s3Event(...records: unknown[]): string {
  return JSON.stringify({ Records: records } satisfies Record<keyof S3Event, unknown>);
}

/** The SQS body SNS delivers without raw message delivery: the S3 JSON is a string inside `Message`. */
export function snsEnvelope(message: string, type = 'Notification'): string {
  return JSON.stringify({
    Type: type,
    MessageId: '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
    TopicArn: 'arn:aws:sns:ap-northeast-2:123456789012:ferry-landing',
    Subject: 'Amazon S3 Notification',
    Message: message,
    Timestamp: '2026-11-23T00:01:02.500Z',
    SignatureVersion: '1',
    Signature:
      'EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=',
    SigningCertURL: 'https://sns.ap-northeast-2.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem',
    UnsubscribeURL:
      'https://sns.ap-northeast-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:ap-northeast-2:123456789012:ferry-landing:0000',
  });
}

/** What S3 sends once when a notification configuration is created. */
export const testEvent = JSON.stringify({
  Service: 'Amazon S3',
  Event: 's3:TestEvent',
  Time: '2026-11-22T23:50:00.000Z',
  Bucket: 'ferry-landing',
  RequestId: '5582815E1AEA5ADF',
  HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
});
