import type { DevView } from './DevStats.js';

/** What `ferry dev` prints when it stops (`--json`: this object). */
export interface DevSummary extends DevView {
  readonly seconds: number;
  readonly filesWritten: number;
  readonly rowsWritten: number;
  /** Row changes per second the writer sustained. */
  readonly rate: number;
  /** Messages left in the DLQs and on-failure queue (0 when all went well). */
  readonly deadLetters: { readonly warehouse: number; readonly stream: number; readonly mergeFailures: number };
  /** Whether both sinks hold exactly the demo writer's source state; `undefined` when not checked. */
  readonly matchesSource: { readonly warehouse: boolean; readonly speedLayer: boolean } | undefined;
  /** Whether every queue drained before the summary was taken. */
  readonly drained: boolean;
  /** Stopped by the signal (Ctrl-C) rather than by `durationSeconds`: nothing was drained or checked. */
  readonly interrupted: boolean;
}
