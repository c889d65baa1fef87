import type { _Record } from '@aws-sdk/client-kinesis';
import type { KinesisStreamRecord } from 'aws-lambda';

/** One `KinesisStreamEvent` record built from a GetRecords record, as Lambda's Kinesis poller builds it. */
export function kinesisRecord(
  record: _Record,
  input: { shardId: string; streamArn: string; region: string; functionName: string },
): KinesisStreamRecord {
  const sequenceNumber = record.SequenceNumber ?? '';
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey ?? '',
      sequenceNumber,
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
      // Seconds since the epoch with millisecond fractions, as Lambda gives it.
      approximateArrivalTimestamp: (record.ApproximateArrivalTimestamp?.getTime() ?? 0) / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${input.shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::000000000000:role/${input.functionName}-role`,
    awsRegion: input.region,
    eventSourceARN: input.streamArn,
  };
}
