import type { ChaosPlan } from './ChaosPlan.js';
import type { FaultKind } from './FAULT_KINDS.js';
import type { OracleDiff } from './OracleDiff.js';

/** What one chaos run did and found (see `runChaos`). */
export interface ChaosRunResult {
  readonly plan: ChaosPlan;
  readonly files: number;
  readonly rows: number;
  /** Faults that fired, by kind (kinds that did not fire are 0). */
  readonly faults: ReadonlyMap<FaultKind, number>;
  readonly warehouse: OracleDiff;
  readonly speedLayer: OracleDiff;
  /** Messages moved back from the DLQs and merge-failure batches replayed before the final drain. */
  readonly replayed: { readonly dlqMessages: number; readonly streamBatches: number };
  /** Messages left in the DLQs and the failure queue at the end (0 when every replay landed). */
  readonly deadLetters: number;
  readonly drained: boolean;
  /** From the last object written (and the speed layer back up) until both sinks were complete. */
  readonly drainSeconds: number;
  /** The run's function logs, kept only when it failed. */
  readonly logsDir?: string;
  /** Whether the run reached the oracle exactly, with nothing left behind. */
  readonly ok: boolean;
}
