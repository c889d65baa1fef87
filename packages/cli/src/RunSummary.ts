import type { SinkResult } from '@ferry/core';

export type SinkName = 'warehouse' | 'speedLayer';

/** One file that did not land in one sink, and why. */
export interface FileFailure {
  readonly fileKey: string;
  readonly sink: SinkName | 'read';
  readonly reason: string;
  readonly retryable: boolean;
}

export interface TableSummary {
  readonly tableId: string;
  readonly files: number;
  readonly sinks: Partial<Record<SinkName, SinkResult>>;
  readonly failures: readonly FileFailure[];
}

/** What `ferry run` did: per mapped table, plus the keys it skipped or could not place. */
export interface RunSummary {
  readonly tables: readonly TableSummary[];
  /** Keys under no mapped prefix, or of tables no mapping names: reported, not errors. */
  readonly skipped: readonly { readonly key: string; readonly reason: string }[];
  /** Keys under a mapped prefix that are not a DMS layout: errors. */
  readonly invalid: readonly FileFailure[];
  readonly ok: boolean;
}
