/** What `reloadTable` did (or, dry, would do) to one target. */
export interface ReloadReport {
  readonly sink: 'warehouse' | 'speed-layer';
  /** `<namespace>.<table>` in the warehouse, `<table>` in the speed layer. */
  readonly target: string;
  /** Every mapping entry that feeds the target: all reloaded. */
  readonly entries: readonly string[];
  readonly drops: readonly string[];
  readonly deletes: readonly string[];
  /** Statements run (none on a dry run). */
  readonly statements: readonly string[];
  /** Files sent (dry: that would be sent) to the sink's queue. */
  readonly files: number;
}
