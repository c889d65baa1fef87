/** A DLQ redrive (SQS message move task) as `ListMessageMoveTasks` reports it. */
export interface MoveTaskStatus {
  /** Only a RUNNING task has one; `--cancel` needs it. */
  readonly taskHandle: string | undefined;
  readonly status: 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED' | string;
  readonly moved: number;
  /** Messages in the DLQ when the task started, as SQS estimates; may be absent. */
  readonly toMove: number | undefined;
  readonly failureReason: string | undefined;
  readonly startedAt: string | undefined;
}
