/** Per mapping entry: what `backfill` found and sent (or, on a dry run, would send). */
export interface BackfillTableCount {
  /** `<source>:<schema>.<table>` */
  readonly table: string;
  readonly fullLoadFiles: number;
  readonly cdcFiles: number;
  readonly bytes: number;
  /** Files sent to the warehouse queue, and to the stream queue. */
  readonly warehouse: number;
  readonly stream: number;
}
