import type { ChangeSet } from './ChangeSet.js';
import type { SinkResult } from './SinkResult.js';
import type { SinkTable } from './SinkTable.js';

/**
 * A sink that applies row changes as they come, not whole files: the speed layer behind the merge worker.
 *
 * `applyChanges` runs in **one transaction**: it creates or evolves the table as `Sink.applyFiles` does,
 * deduplicates by key keeping the newest position, and applies only changes newer than what the row holds
 * (version guard, tombstones for deletes). It writes no file ledger: a file's rows arrive spread over many
 * batches, so idempotency rests on each change's unique position alone — applying the same changes again
 * counts them `stale` and changes nothing. Throws `SinkUnavailableError` when a retry can help.
 */
export interface ChangeSink {
  readonly dialect: string;
  applyChanges(table: SinkTable, sets: readonly ChangeSet[]): Promise<SinkResult>;
  close(): Promise<void>;
}
