import { percentile } from './percentile.js';

export type DevFunction = 'warehouse-loader' | 'change-forwarder' | 'merge-worker';

export interface TableView {
  readonly table: string;
  readonly filesWritten: number;
  readonly rowsWritten: number;
  readonly warehouseFiles: number;
  readonly warehouseRows: number;
  readonly forwardedRows: number;
  readonly speedLayerRows: number;
  /** Seconds from the newest file this sink committed being written until now; `undefined` before any. */
  readonly warehouseLag: number | undefined;
  readonly speedLayerLag: number | undefined;
  readonly failures: number;
}

export interface LatencyView {
  readonly files: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  readonly max: number | undefined;
}

export interface DevView {
  readonly tables: readonly TableView[];
  /** Object written → its rows committed, in seconds, per sink. */
  readonly latency: { readonly warehouse: LatencyView; readonly speedLayer: LatencyView };
  /** The most recent failures, newest last: what broke, where, why. */
  readonly failures: readonly { readonly fn: DevFunction; readonly at: number; readonly what: string }[];
}

interface TableTotals {
  filesWritten: number;
  rowsWritten: number;
  warehouseFiles: number;
  warehouseRows: number;
  forwardedRows: number;
  speedLayerRows: number;
  newestWarehouse: number | undefined;
  newestSpeedLayer: number | undefined;
  failures: number;
}

const KEPT_FAILURES = 5;

/**
 * What `ferry dev` shows, built from the handlers' own structured log records (the lines operators read in
 * CloudWatch), so the live view and the logs cannot disagree. Latency is per file: from the moment ferry
 * started writing the object to the commit that made its rows visible (the last one, for a file whose rows
 * span several Kinesis batches).
 */
export class DevStats {
  readonly #tables = new Map<string, TableTotals>();
  readonly #written = new Map<string, { at: number; table: string }>();
  readonly #warehouseAt = new Map<string, number>();
  readonly #speedLayerAt = new Map<string, number>();
  readonly #failures: { fn: DevFunction; at: number; what: string }[] = [];
  readonly #tableOfKey: (key: string) => string | undefined;

  /** `tableOfKey` names the mapped table (its id) an object key belongs to, or `undefined`. */
  constructor(tableOfKey: (key: string) => string | undefined) {
    this.#tableOfKey = tableOfKey;
  }

  written(key: string, rows: number, at: number): void {
    const table = this.#tableOfKey(key);
    if (table === undefined) return;
    this.#written.set(key, { at, table });
    const t = this.#table(table);
    t.filesWritten += 1;
    t.rowsWritten += rows;
  }

  /** One Powertools log record of one function, observed as it was written. */
  observe(fn: DevFunction, record: Record<string, unknown>, at: number): void {
    const table = typeof record.table === 'string' ? record.table : undefined;
    const num = (v: unknown) => (typeof v === 'number' ? v : 0);
    const keys = (v: unknown) => (Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : []);
    switch (record.message) {
      case 'table loaded': {
        if (!table) return;
        const t = this.#table(table);
        const committed = keys(record.committed);
        t.warehouseFiles += committed.length;
        t.warehouseRows += num(record.rows);
        for (const k of committed) this.#warehouseAt.set(k, at);
        t.newestWarehouse = newest(t.newestWarehouse, committed, this.#written);
        return;
      }
      case 'table forwarded':
        if (table) this.#table(table).forwardedRows += num(record.rows);
        return;
      case 'table merged': {
        if (!table) return;
        const t = this.#table(table);
        const files = keys(record.files);
        t.speedLayerRows += num(record.rows);
        for (const k of files) this.#speedLayerAt.set(k, at);
        t.newestSpeedLayer = newest(t.newestSpeedLayer, files, this.#written);
        return;
      }
      case 'file failed':
      case 'message failed':
      case 'poison record':
      case 'table stopped':
      case 'speed layer unavailable': {
        if (table) this.#table(table).failures += 1;
        const where = record.fileKey ?? record.sequenceNumber ?? record.messageId ?? table ?? '';
        this.#failures.push({ fn, at, what: `${record.message}: ${String(where)}: ${String(record.reason ?? '')}` });
        if (this.#failures.length > KEPT_FAILURES) this.#failures.shift();
        return;
      }
    }
  }

  view(now: number): DevView {
    const tables = [...this.#tables]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([table, t]) => ({
        table,
        filesWritten: t.filesWritten,
        rowsWritten: t.rowsWritten,
        warehouseFiles: t.warehouseFiles,
        warehouseRows: t.warehouseRows,
        forwardedRows: t.forwardedRows,
        speedLayerRows: t.speedLayerRows,
        warehouseLag: t.newestWarehouse === undefined ? undefined : (now - t.newestWarehouse) / 1000,
        speedLayerLag: t.newestSpeedLayer === undefined ? undefined : (now - t.newestSpeedLayer) / 1000,
        failures: t.failures,
      }));
    return {
      tables,
      latency: { warehouse: this.#latency(this.#warehouseAt), speedLayer: this.#latency(this.#speedLayerAt) },
      failures: [...this.#failures],
    };
  }

  #latency(committedAt: ReadonlyMap<string, number>): LatencyView {
    const seconds: number[] = [];
    for (const [key, at] of committedAt) {
      const written = this.#written.get(key);
      if (written) seconds.push((at - written.at) / 1000);
    }
    return {
      files: seconds.length,
      p50: percentile(seconds, 50),
      p99: percentile(seconds, 99),
      max: percentile(seconds, 100),
    };
  }

  #table(id: string): TableTotals {
    let t = this.#tables.get(id);
    if (!t) {
      t = {
        filesWritten: 0,
        rowsWritten: 0,
        warehouseFiles: 0,
        warehouseRows: 0,
        forwardedRows: 0,
        speedLayerRows: 0,
        newestWarehouse: undefined,
        newestSpeedLayer: undefined,
        failures: 0,
      };
      this.#tables.set(id, t);
    }
    return t;
  }
}

/** The latest write time among `keys`, or `current` when none is newer. */
function newest(
  current: number | undefined,
  keys: readonly string[],
  written: ReadonlyMap<string, { at: number }>,
): number | undefined {
  let best = current;
  for (const k of keys) {
    const at = written.get(k)?.at;
    if (at !== undefined && (best === undefined || at > best)) best = at;
  }
  return best;
}
