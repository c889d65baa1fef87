import type { ColumnSpec, SinkTable } from '@ferry/core';

/**
 * The state a correct pipeline leaves in one mapped target table: the source tables' final state.
 *
 * - `columns`: every target column in the order `[tenant], DMS_TIMESTAMP, data columns, [sequence column],
 *   [columns added by DDL]`, typed as ferry carries them (`DMS_TIMESTAMP` as `timestamp(6)` UTC, the
 *   sequence column as a string, DATETIME columns wall-clock).
 * - `rows`: live rows only (deleted ones are absent), each value as core `canonicalText`, sorted with
 *   `sortRows`, exactly what `Sink.readRows(table, columns)` should return once sorted the same way.
 * - `warehouse` / `speedLayer`: the `SinkTable`s to read. `id` is the first feeding mapping entry's;
 *   the speed layer's `deletes` is `hard` (its app-facing table holds live rows only).
 */
export interface OracleTable {
  readonly warehouse: SinkTable;
  readonly speedLayer: SinkTable;
  /** Mapping entries feeding this target, `<source>:<schema>.<table>`. */
  readonly sources: readonly string[];
  readonly columns: readonly ColumnSpec[];
  readonly rows: readonly Readonly<Record<string, string | null>>[];
}
