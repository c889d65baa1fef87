import type { ReplayEvent } from './ReplayEvent.js';

/** Counts of a filtered replay (or a dry run), and the messages it could not move or read. */
export interface ReplayResult {
  readonly moved: number;
  readonly wouldMove: number;
  readonly kept: number;
  readonly invalid: readonly ReplayEvent[];
  readonly failed: readonly ReplayEvent[];
}
