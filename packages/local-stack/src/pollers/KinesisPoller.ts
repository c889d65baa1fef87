import type { Poller } from './Poller.js';

/** A running Kinesis event source mapping (see `startKinesisPoller`). */
export interface KinesisPoller extends Poller {
  /** Batches whose retries ran out and whose metadata went to the on-failure destination. */
  readonly discardedBatches: number;
}
