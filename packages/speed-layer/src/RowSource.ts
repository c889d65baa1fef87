/** A batch of rows as SQL and its bound parameters. */
export interface RowSource {
  readonly sql: string;
  readonly params: readonly unknown[];
}
