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
  /** `ok`; `stale`: no commit within `freshnessMinutes`; `never`: the ledger has no file of it. */
  readonly state: 'ok' | 'stale' | 'never';
}
