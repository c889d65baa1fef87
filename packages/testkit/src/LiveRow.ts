import type { ColumnValue } from '@ferry/core';

/** A row of a simulated source table as it stands now (internal to the generators). */
export interface LiveRow {
  readonly key: readonly ColumnValue[];
  values: ColumnValue[];
  /** `DMS_TIMESTAMP` text of the change that wrote the row's current version. */
  dmsTimestamp: string;
  sequence: string | null;
  /** Index in the table's candidates, or -1 for a frozen edge row. */
  slot: number;
}
