/**
 * The names ferry gives the objects it creates beside a target table. Everything ferry owns starts with
 * `_ferry_`, a prefix mapping validation refuses for source and target names, so nothing collides with a
 * mapped table or column — except the soft-delete view, whose name is what consumers query.
 */
export const warehouseNames = {
  /** The prefix of everything ferry owns; refused for mapped tables and columns. */
  reservedPrefix: '_ferry_',
  /** `<namespace>._ferry_ledger (table_id, file_key, rows, committed_at)`: one row per committed file. */
  ledger: '_ferry_ledger',
  /**
   * `capabilities.ledgerPerTable` (BigQuery): `<namespace>._ferry_ledger_<table>`, the same columns, holding the
   * files of the target table `<table>` only (of every mapping entry that feeds it).
   */
  tableLedgerPrefix: '_ferry_ledger_',
  /** `<namespace>._ferry_columns (table_name, column_name, column_type, ordinal)`: ferry's logical column types. */
  columns: '_ferry_columns',
  /** `deletes: soft`: the view `<table>_live` shows the live rows only (consumers query it). */
  liveViewSuffix: '_live',
  /** `deletes: hard`: `_ferry_tombstones_<table>` keeps each deleted key with its position. */
  tombstonesPrefix: '_ferry_tombstones_',
  /** Session-temporary staging (every staged row) and batch (newest row per key) tables. */
  stagingPrefix: '_ferry_stage_',
  batchPrefix: '_ferry_batch_',
  /** Staging only: the row's `Op` (`I`, `U`, `D`). */
  op: '_ferry_op',
  /** Hard deletes, inside the MERGE source only: the key's tombstone position. */
  tombstonePosition: '_ferry_tombstone_position',
} as const;
