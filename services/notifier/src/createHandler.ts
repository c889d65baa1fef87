import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SNSEvent } from 'aws-lambda';
import { type NotifyAlarmsDeps, notifyAlarms } from './notifyAlarms.js';

/**
 * The Lambda handler: middy wiring around `notifyAlarms`. SNS invokes it asynchronously, so there is no batch
 * response: a throw fails the invocation, and Lambda's async retries (two) and on-failure destination take over.
 */
export function createHandler(deps: NotifyAlarmsDeps) {
  return middy(async (event: SNSEvent, _context: Context): Promise<void> => {
    await notifyAlarms(
      deps,
      event.Records.map((r) => ({
        messageId: r.Sns.MessageId,
        subject: r.Sns.Subject ?? undefined,
        message: r.Sns.Message,
      })),
    );
  })
    .use(injectLambdaContext(deps.logger, { resetKeys: true }))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
}
