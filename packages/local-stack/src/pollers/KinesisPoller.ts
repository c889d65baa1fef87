import type { Poller } from './Poller.js';

/** A running Kinesis event source mapping (see `startKinesisPoller`). */
export interface KinesisPoller extends Poller {
  /** Batches whose retries ran out and whose metadata went to the on-failure destination. */
  readonly discardedBatches: number;
  /**
   * Whether every shard has been read to its tip and every record read was handled: nothing is waiting for
   * the handler right now (a later put makes it false again).
   */
  readonly caughtUp: boolean;
}
