/** The local stack's SQS endpoint: fauxqs, plus the message move tasks it lacks (see `startSqsEndpoint`). */
export interface SqsEndpoint {
  readonly endpoint: string;
  stop(): Promise<void>;
}
