/**
 * SQS message move tasks (DLQ redrive) run against an SQS that lacks them. Each method takes and returns the
 * JSON protocol's request and response shapes, and throws `SqsServiceError` for what SQS would refuse.
 */
export interface MessageMoveTasks {
  start(input: Record<string, unknown>): Promise<{ TaskHandle: string }>;
  list(input: Record<string, unknown>): Promise<{ Results: Record<string, unknown>[] }>;
  cancel(input: Record<string, unknown>): Promise<{ ApproximateNumberOfMessagesMoved: number }>;
  /** Cancels every running task and waits for them to stop touching the queues. */
  stop(): Promise<void>;
}
