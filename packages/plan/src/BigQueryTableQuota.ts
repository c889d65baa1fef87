/** One BigQuery table's modifications per day against the planner's budget (a third of the 1,500 quota). */
export interface BigQueryTableQuota {
  /** `<dataset>.<table>`. */
  readonly table: string;
  /** `target`: the MERGE; `tombstones`: the tombstone MERGE (hard deletes); `ledger`: the per-target ledger INSERT. */
  readonly role: 'target' | 'tombstones' | 'ledger';
  readonly modificationsPerDay: number;
  readonly budget: number;
  /** At or under the budget. */
  readonly ok: boolean;
}
