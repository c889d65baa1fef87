import { CancelMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { FerryError } from '@ferry/core';
import { latestMoveTask } from './latestMoveTask.js';
import type { SqsPort } from './SqsPort.js';

/**
 * Cancels the message move task running on `dlqArn` (`--cancel`). Messages already moved stay moved.
 * Throws a `FerryError` when no task runs.
 *
 * @example await cancelDlqRedrive(sqs, queues.dlqArn) // { taskHandle, moved: 120 }
 */
export async function cancelDlqRedrive(sqs: SqsPort, dlqArn: string): Promise<{ taskHandle: string; moved: number }> {
  const task = await latestMoveTask(sqs, dlqArn);
  if (task?.status !== 'RUNNING' || task.taskHandle === undefined) {
    throw new FerryError(`no message move task runs on ${dlqArn}${task ? ` (the latest is ${task.status})` : ''}`);
  }
  const { ApproximateNumberOfMessagesMoved } = await sqs.send(
    new CancelMessageMoveTaskCommand({ TaskHandle: task.taskHandle }),
  );
  return { taskHandle: task.taskHandle, moved: ApproximateNumberOfMessagesMoved ?? task.moved };
}
