/**
 * An error memoryKinesis answers with, named as Kinesis names it (`__type` in a JSON 1.1 error body) so the real
 * SDK raises the same exception class it would against AWS. Not thrown out of the package: the server turns it
 * into a 400 response.
 */
export class KinesisServiceError extends Error {
  readonly type: string;

  constructor(type: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'KinesisServiceError';
    this.type = type;
  }
}
