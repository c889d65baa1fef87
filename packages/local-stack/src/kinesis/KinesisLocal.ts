/** kinesis-mock (npm `kinesis-local`) running as a child process (see `startKinesisLocal`). */
export interface KinesisLocal {
  /** Plain-HTTP endpoint; the client needs a `NodeHttpHandler` (the Kinesis client defaults to HTTP/2). */
  readonly endpoint: string;
  /** The child's process id, for diagnosis. */
  readonly pid: number;
  stop(): Promise<void>;
}
