/** An SQS error answered over the JSON protocol: `type` becomes `__type` (`com.amazonaws.sqs#<type>`). */
export class SqsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = 'SqsServiceError';
  }
}
