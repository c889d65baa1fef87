/**
 * What a statement returned, shaped the same for every driver: column names, rows as arrays (so duplicate
 * column names survive), and the row count the server reported.
 */
export interface SqlResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
  /** Rows written, as the server reported it (PostgreSQL's command tag, MySQL's affected rows). */
  readonly affectedRows: number;
  /** MySQL only: the server's info line for a multi-row write, e.g. `Records: 3  Duplicates: 1  Warnings: 0`. */
  readonly info?: string;
}
