import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MessageFailedError } from '@ferry/aws';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type LoadFilesDeps, loadFiles } from './loadFiles.js';

/**
 * The Lambda handler: middy wiring around `loadFiles`. The use case decides per message; Powertools'
 * `processPartialResponse` turns that into `batchItemFailures`, so only failed messages come back.
 */
export function createHandler(deps: LoadFilesDeps) {
  const processor = new BatchProcessor(EventType.SQS);
  return middy(async (event: SQSEvent, _context: Context): Promise<SQSBatchResponse> => {
    const outcome = await loadFiles(deps, event.Records);
    const settle = async (record: SQSRecord) => {
      const failure = outcome.failure(record.messageId);
      if (failure) throw new MessageFailedError(record.messageId, failure);
    };
    return processPartialResponse(event, settle, processor, { throwOnFullBatchFailure: false });
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}
