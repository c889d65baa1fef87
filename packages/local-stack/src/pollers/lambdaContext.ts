import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { functionArn } from './functionArn.js';

/**
 * A Lambda `Context` for one invocation: a fresh `awsRequestId`, the function's ARN in the local account, and a
 * remaining-time clock that starts now, so handlers that budget their time behave as they would in Lambda.
 */
export function lambdaContext(input: { functionName: string; region: string; timeoutMs: number }): Context {
  const deadline = Date.now() + input.timeoutMs;
  const done = () => {
    throw new Error('context.done/fail/succeed are not supported: return or throw from the async handler');
  };
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: input.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(input.functionName, input.region),
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${input.functionName}`,
    logStreamName: `${today}/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done,
    fail: done,
    succeed: done,
  };
}
