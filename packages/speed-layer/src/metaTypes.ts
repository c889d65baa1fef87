import type { ColumnType } from '@ferry/core';

/** Ferry types of the speed layer's own columns (ledger, tombstones, positions), for binding and row sources. */
export const metaTypes = {
  text: { kind: 'string' },
  int64: { kind: 'int', bits: 64, signed: true },
  instant: { kind: 'timestamp', precision: 6, utc: true },
} as const satisfies Record<string, ColumnType>;
