/** One mapped table in one sink, as `ferry status` prints it (JSON: bigints as decimal strings). */
export interface TableStatusRow {
  /** The mapping entry, `<source>:<schema>.<table>`. */
  readonly table: string;
  readonly sink: 'warehouse' | 'speed-layer';
  /** Where it lands: `<namespace>.<table>` in the warehouse, `<table>` in the speed layer. */
  readonly target: string;
  readonly lastFile: string | undefined;
  /** The change time the last file carries: the CDC file name's time; undefined for a full-load file. */
  readonly positionTime: string | undefined;
  /** When the sink committed the last file (ISO). */
  readonly lastCommittedAt: string | undefined;
  /** Seconds from the position time (full load: the commit) to now: how far behind the source the sink is. */
  readonly lagSeconds: number | undefined;
  readonly filesLastHour: number;
  readonly filesLastDay: number;
  readonly rowsLastHour: string;
  readonly rowsLastDay: string;
  readonly freshnessMinutes: number;
  /**
   * Files of the table waiting in this sink's DLQ (warehouse DLQ; stream DLQ for the speed layer), when the DLQs
   * were read: a table whose files keep failing, such as one stopped by a type change. Why is in the consumer's
   * `file failed` log lines.
   */
  readonly failedFiles: number;
  /**
   * `ok`; `failing`: files of it wait in the DLQ; `stale`: no commit within `freshnessMinutes`; `never`: the ledger
   * has no file of it.
   */
  readonly state: 'ok' | 'failing' | 'stale' | 'never';
}
