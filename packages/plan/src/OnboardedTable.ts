/** A mapping entry a deploy starts sending to a sink it did not feed before (`onboardedTables`). */
export interface OnboardedTable {
  readonly source: string;
  readonly schema: string;
  readonly table: string;
  /** The sinks it is new to: `both` for a new entry that feeds both. */
  readonly sink: 'warehouse' | 'speed-layer' | 'both';
}
