import type { ChangeBatch, ColumnValue } from '@ferry/core';

/** Column `name`'s values across all batches, in file order. */
export function columnValues(batches: readonly ChangeBatch[], name: string): ColumnValue[] {
  return batches.flatMap((b) => {
    const index = b.columns.findIndex((c) => c.name === name);
    if (index < 0) throw new Error(`no column ${name}`);
    return b.values[index]!;
  });
}
