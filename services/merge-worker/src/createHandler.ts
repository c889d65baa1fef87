import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MessageFailedError } from '@ferry/aws';
import middy from '@middy/core';
import type { Context, KinesisStreamBatchResponse, KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { type MergeChangesDeps, mergeChanges } from './mergeChanges.js';

/**
 * The Lambda handler: middy wiring around `mergeChanges`. The use case decides per record; Powertools'
 * `processPartialResponse` reports the failed sequence numbers, and Lambda resumes the shard from the lowest.
 */
export function createHandler(deps: MergeChangesDeps) {
  const processor = new BatchProcessor(EventType.KinesisDataStreams);
  return middy(async (event: KinesisStreamEvent, _context: Context): Promise<KinesisStreamBatchResponse> => {
    const outcome = await mergeChanges(
      deps,
      event.Records.map((r) => ({
        sequenceNumber: r.kinesis.sequenceNumber,
        data: Buffer.from(r.kinesis.data, 'base64'),
        arrivedAt: r.kinesis.approximateArrivalTimestamp,
      })),
    );
    const settle = async (record: KinesisStreamRecord) => {
      const failure = outcome.failure(record.kinesis.sequenceNumber);
      if (failure) throw new MessageFailedError(record.kinesis.sequenceNumber, failure);
    };
    return processPartialResponse(event, settle, processor, { throwOnFullBatchFailure: false });
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}
