import type { S3Event } from 'aws-lambda';
import { encodeS3EventKey } from './encodeS3EventKey.js';

/**
 * The S3 event JSON for one created object, field for field as S3 sends it to SNS (`Records[0]`, eventVersion 2.1).
 * `eventName` is `ObjectCreated:Put`, or `ObjectCreated:CompleteMultipartUpload` for a multipart upload as S3 says.
 */
export function s3CreatedEvent(input: {
  region: string;
  bucket: string;
  key: string;
  size: number;
  eTag: string;
  sequencer: string;
  eventTime: Date;
  multipart: boolean;
}): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: input.region,
        eventTime: input.eventTime.toISOString(),
        eventName: input.multipart ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AIDALOCALSTACKFERRY' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': input.sequencer.slice(-16),
          'x-amz-id-2': Buffer.from(input.sequencer).toString('base64'),
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'ferry-landing',
          bucket: {
            name: input.bucket,
            ownerIdentity: { principalId: 'A000000000000' },
            arn: `arn:aws:s3:::${input.bucket}`,
          },
          object: {
            key: encodeS3EventKey(input.key),
            size: input.size,
            // S3 events carry the ETag without the quotes the HTTP header has.
            eTag: input.eTag.replace(/"/g, ''),
            sequencer: input.sequencer,
          },
        },
      },
    ],
  };
}
