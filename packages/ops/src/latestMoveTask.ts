import { ListMessageMoveTasksCommand } from '@aws-sdk/client-sqs';
import type { MoveTaskStatus } from './MoveTaskStatus.js';
import type { SqsPort } from './SqsPort.js';

/**
 * The most recent message move task out of `dlqArn` (SQS lists the newest first), or `undefined` when there was
 * none. SQS runs at most one per queue at a time, so a RUNNING one is *the* running task.
 */
export async function latestMoveTask(sqs: SqsPort, dlqArn: string): Promise<MoveTaskStatus | undefined> {
  const { Results = [] } = await sqs.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 }));
  const task = Results[0];
  if (task === undefined) return undefined;
  return {
    taskHandle: task.TaskHandle,
    status: task.Status ?? 'UNKNOWN',
    moved: task.ApproximateNumberOfMessagesMoved ?? 0,
    toMove: task.ApproximateNumberOfMessagesToMove,
    failureReason: task.FailureReason,
    startedAt: task.StartedTimestamp === undefined ? undefined : new Date(task.StartedTimestamp).toISOString(),
  };
}
