import { StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { FerryError } from '@ferry/core';
import { latestMoveTask } from './latestMoveTask.js';
import type { MoveTaskStatus } from './MoveTaskStatus.js';
import type { ReplayQueues } from './ReplayQueues.js';
import type { SqsPort } from './SqsPort.js';

export interface RedriveDlqInput {
  readonly sqs: SqsPort;
  readonly queues: ReplayQueues;
  /** `MaxNumberOfMessagesPerSecond`, 1-500; SQS picks (and raises) its own rate when absent. */
  readonly rate?: number;
  /** Called once with the task handle, then with each progress poll. */
  readonly onStarted?: (taskHandle: string) => void;
  readonly onProgress?: (status: MoveTaskStatus) => void;
  /** Between progress polls; default 2000. */
  readonly pollMillis?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Moves every message of the DLQ back to its source queue with an SQS message move task (the unfiltered replay),
 * then follows it with `ListMessageMoveTasks` until it ends. Refuses, naming the task handle, when a task already
 * runs on this DLQ (SQS allows one per queue). Returns the final status; a FAILED task throws with its reason.
 *
 * @example await redriveDlq({ sqs, queues, rate: 50, onProgress: (s) => console.log(s.moved) })
 */
export async function redriveDlq(input: RedriveDlqInput): Promise<MoveTaskStatus> {
  const { sqs, queues } = input;
  const sleep = input.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const running = await latestMoveTask(sqs, queues.dlqArn);
  if (running?.status === 'RUNNING') {
    throw new FerryError(`a message move task already runs on ${queues.dlqArn} (handle ${running.taskHandle})`, {
      hint: 'Wait for it, or stop it with --cancel',
    });
  }
  if (input.rate !== undefined && !(Number.isInteger(input.rate) && input.rate >= 1 && input.rate <= 500)) {
    throw new FerryError(`--rate ${input.rate}: a message move task takes 1-500 messages per second`);
  }
  const { TaskHandle } = await sqs.send(
    new StartMessageMoveTaskCommand({
      SourceArn: queues.dlqArn,
      DestinationArn: queues.sourceArn,
      ...(input.rate === undefined ? {} : { MaxNumberOfMessagesPerSecond: input.rate }),
    }),
  );
  if (TaskHandle === undefined) throw new FerryError('StartMessageMoveTask returned no task handle');
  input.onStarted?.(TaskHandle);
  for (;;) {
    const status = await latestMoveTask(sqs, queues.dlqArn);
    if (status === undefined) throw new FerryError(`the move task ${TaskHandle} is not listed on ${queues.dlqArn}`);
    input.onProgress?.(status);
    if (status.status === 'FAILED') {
      throw new FerryError(
        `the move task ${TaskHandle} failed after ${status.moved} message(s): ${status.failureReason}`,
      );
    }
    if (status.status !== 'RUNNING' && status.status !== 'CANCELLING') return status;
    await sleep(input.pollMillis ?? 2000);
  }
}
