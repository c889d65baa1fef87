/** One message move task as the stand-in keeps it; `ListMessageMoveTasks` answers from these fields. */
export interface MoveTask {
  readonly taskHandle: string;
  readonly sourceArn: string;
  /** Absent when the request named none (messages go back to their source queue). */
  readonly destinationArn: string | undefined;
  readonly rate: number | undefined;
  readonly startedTimestamp: number;
  readonly toMove: number;
  status: 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';
  moved: number;
  failureReason?: string;
}
