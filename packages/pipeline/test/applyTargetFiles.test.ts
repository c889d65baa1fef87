import type { DmsFile, FileChanges, Sink, SinkResult, SinkTable } from '@ferry/core';
import { FerryError, SinkUnavailableError } from '@ferry/core';
import { bytesByteSource, parseDmsKey } from '@ferry/dms';
import { type Mappings, parseMappings } from '@ferry/mappings';
import { type DmsColumn, encodeDmsParquet, mysqlDmsType } from '@ferry/testkit';
import { DuckDbWarehouse } from '@ferry/warehouse/duckdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyTargetFiles, type EntryFiles, groupByTarget, type OpenFile } from '../src/index.js';

// Two sources (tenants brand-a and brand-b) feed the consolidated warehouse table raw.orders; brand-a also
// feeds raw.customers alone. The warehouse is DuckDB; the sink is wrapped only to see the calls it gets.

const brand = (source: string) => ({
  file: `${source}.json`,
  json: {
    source,
    prefix: `dms/${source}/`,
    tenant: { column: 'brand_id', value: source },
    tables: {
      'shop.orders': { primaryKey: ['id'], warehouse: { schema: 'raw', table: 'orders' }, speedLayer: false },
      'shop.customers': { primaryKey: ['id'], warehouse: { schema: 'raw', table: 'customers' }, speedLayer: false },
    },
  },
});
const mappings: Mappings = parseMappings([brand('brand-a'), brand('brand-b')]);
const A = 'brand-a:shop.orders';
const B = 'brand-b:shop.orders';

/** A CDC file of `source`'s `table`: one update per id, `note` text (or another column type). */
function cdc(
  source: string,
  table: string,
  minute: number,
  ids: (bigint | null)[],
  note: DmsColumn['element'] = mysqlDmsType.text.element,
) {
  const time = [Math.floor(minute / 60), minute % 60].map((n) => String(n).padStart(2, '0')).join('');
  const key = `dms/${source}/shop/${table}/20261123-${time}00000.parquet`;
  const bytes = encodeDmsParquet([
    { name: 'Op', ...mysqlDmsType.op, values: ids.map(() => 'U') },
    { name: 'id', ...mysqlDmsType.bigint, values: ids },
    {
      name: 'note',
      element: note,
      values: ids.map((id) => (note === mysqlDmsType.text.element ? `${source} ${id}` : 7)),
    },
  ]);
  return { key, bytes };
}

const NOT_PARQUET = new TextEncoder().encode('PAR1 but not really');

/** The files, as a store the pipeline opens by key. */
function store(files: readonly { key: string; bytes: Uint8Array }[]): OpenFile {
  const byKey = new Map(files.map((f) => [f.key, f.bytes]));
  return async (file: DmsFile) => ({ ...bytesByteSource(byKey.get(file.key)!), close: async () => undefined });
}

/** The batch's files as entries: per mapping entry, in load order. */
function entriesOf(files: readonly { key: string }[]): EntryFiles[] {
  const byEntry = new Map<string, EntryFiles & { files: DmsFile[] }>();
  for (const { key } of files) {
    const source = mappings.findSource(key)!;
    const file = parseDmsKey(key, source);
    const mapping = mappings.table(source.source, file.table)!;
    const entry = byEntry.get(mapping.id) ?? { mapping, table: mapping.warehouse!, files: [] };
    entry.files.push(file);
    byEntry.set(mapping.id, entry);
  }
  return [...byEntry.values()];
}

interface Call {
  readonly table: SinkTable;
  readonly files: readonly { readonly fileKey: string; readonly tableId: string | undefined }[];
}

/** The warehouse, with every `applyFiles` call written down; `refuse` throws instead, before the warehouse sees it. */
class RecordingSink implements Sink {
  readonly dialect = 'duckdb';
  readonly calls: Call[] = [];
  refuse: ((files: readonly FileChanges[]) => Error | undefined) | undefined;

  constructor(readonly inner: Sink) {}

  applyFiles(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    this.calls.push({ table, files: files.map((f) => ({ fileKey: f.fileKey, tableId: f.tableId })) });
    const refused = this.refuse?.(files);
    if (refused) return Promise.reject(refused);
    return this.inner.applyFiles(table, files);
  }
  readRows: Sink['readRows'] = (table, columns) => this.inner.readRows(table, columns);
  query: Sink['query'] = (sql) => this.inner.query(sql);
  close = () => this.inner.close();
}

describe('applyTargetFiles over groupByTarget', () => {
  let sink: RecordingSink;
  beforeEach(async () => {
    sink = new RecordingSink(await DuckDbWarehouse.open(':memory:'));
  });
  afterEach(async () => {
    await sink.close();
  });

  const apply = async (files: readonly { key: string; bytes: Uint8Array }[]) => {
    const groups = groupByTarget(entriesOf(files));
    const outcomes = [];
    for (const group of groups) {
      outcomes.push(await applyTargetFiles({ sink, open: store(files), maskKey: 'k' }, group));
    }
    return outcomes;
  };
  const entry = (outcomes: Awaited<ReturnType<typeof apply>>, id: string) =>
    outcomes.flatMap((o) => o.entries).find((e) => e.entry.mapping.id === id)!;
  const liveOrders = async () =>
    (await sink.query('SELECT brand_id, id, note FROM raw.orders_live ORDER BY brand_id, id')).rows;

  it('makes ONE applyFiles call per target table per batch, each file under its own entry', async () => {
    const files = [
      cdc('brand-a', 'orders', 1, [1n, 2n]),
      cdc('brand-b', 'orders', 1, [1n]),
      cdc('brand-a', 'orders', 2, [2n]),
      cdc('brand-a', 'customers', 1, [9n]),
      cdc('brand-b', 'orders', 2, [3n]),
    ];
    const outcomes = await apply(files);

    expect(sink.calls.map((c) => [`${c.table.namespace}.${c.table.name}`, c.files.length])).toEqual([
      ['raw.orders', 4],
      ['raw.customers', 1],
    ]);
    expect(sink.calls[0]!.table.id).toBe(`${A}+${B}`);
    expect(sink.calls[0]!.files).toEqual([
      { fileKey: files[0]!.key, tableId: A },
      { fileKey: files[2]!.key, tableId: A },
      { fileKey: files[1]!.key, tableId: B },
      { fileKey: files[4]!.key, tableId: B },
    ]);
    // A target fed by one entry is called with that entry's own table, as before.
    expect(sink.calls[1]!.table.id).toBe('brand-a:shop.customers');

    expect(outcomes.map((o) => [o.target.name, o.calls, o.entries.map((e) => e.entry.mapping.id)])).toEqual([
      ['orders', 1, [A, B]],
      ['customers', 1, ['brand-a:shop.customers']],
    ]);
    expect(entry(outcomes, A)).toMatchObject({
      failed: [],
      result: { filesCommitted: [files[0]!.key, files[2]!.key], rows: 3, inserted: 2, updated: 0, stale: 1 },
    });
    expect(entry(outcomes, B)).toMatchObject({
      failed: [],
      result: { filesCommitted: [files[1]!.key, files[4]!.key], rows: 2, inserted: 2, stale: 0 },
    });
    expect(outcomes[0]!.result).toMatchObject({ rows: 5, inserted: 4, stale: 1 });
    expect(await liveOrders()).toEqual([
      ['brand-a', '1', 'brand-a 1'],
      ['brand-a', '2', 'brand-a 2'],
      ['brand-b', '1', 'brand-b 1'],
      ['brand-b', '3', 'brand-b 3'],
    ]);
    expect((await sink.query('SELECT table_id, count(*) FROM raw._ferry_ledger GROUP BY 1 ORDER BY 1')).rows).toEqual([
      ['brand-a:shop.customers', '1'],
      [A, '2'],
      [B, '2'],
    ]);

    // Delivered again: still one call per target, every file already applied, under its own entry.
    sink.calls.length = 0;
    const again = await apply(files);
    expect(sink.calls).toHaveLength(2);
    expect(entry(again, A).result).toMatchObject({
      filesCommitted: [],
      filesAlreadyApplied: [files[0]!.key, files[2]!.key],
    });
    expect(entry(again, B).result).toMatchObject({
      filesCommitted: [],
      filesAlreadyApplied: [files[1]!.key, files[4]!.key],
    });
  });

  it('fails a bad file of entry A alone: the rest of A and all of entry B land', async () => {
    const corrupt = { key: 'dms/brand-a/shop/orders/20261123-000300000.parquet', bytes: NOT_PARQUET };
    const nullKey = cdc('brand-a', 'orders', 4, [5n, null]);
    const files = [cdc('brand-a', 'orders', 1, [1n]), corrupt, nullKey, cdc('brand-b', 'orders', 1, [1n, 2n])];
    const [orders] = await apply(files);

    const a = entry([orders!], A);
    expect(a.failed.map((f) => [f.fileKey, f.retryable])).toEqual([
      [corrupt.key, false],
      [nullKey.key, false],
    ]);
    expect(a.failed[0]!.reason).toContain(corrupt.key);
    expect(a.failed[1]!.reason).toMatch(/row 1.*NULL in primary-key column "id"/);
    expect(a.result.filesCommitted).toEqual([files[0]!.key]);
    expect(entry([orders!], B)).toMatchObject({ failed: [], result: { filesCommitted: [files[3]!.key] } });
    // The NULL key surfaced while the warehouse read the files: that call rolled back, the rest went again together.
    expect(sink.calls.map((c) => c.files.map((f) => f.fileKey))).toEqual([
      [files[0]!.key, nullKey.key, files[3]!.key],
      [files[0]!.key, files[3]!.key],
    ]);
    expect(await liveOrders()).toEqual([
      ['brand-a', '1', 'brand-a 1'],
      ['brand-b', '1', 'brand-b 1'],
      ['brand-b', '2', 'brand-b 2'],
    ]);
  });

  it('stops only entry A at a column type that no longer fits; entry B’s files still land together', async () => {
    const changed = cdc('brand-a', 'orders', 2, [2n], mysqlDmsType.int.element);
    const files = [
      cdc('brand-a', 'orders', 1, [1n]),
      changed,
      cdc('brand-a', 'orders', 3, [3n]),
      cdc('brand-b', 'orders', 1, [1n]),
      cdc('brand-b', 'orders', 2, [2n]),
    ];
    const [orders] = await apply(files);

    const a = entry([orders!], A);
    expect(a.result.filesCommitted).toEqual([files[0]!.key]);
    expect(a.failed.map((f) => f.fileKey)).toEqual([changed.key, files[2]!.key]);
    expect(a.failed[0]!.reason).toMatch(/^brand-a:shop\.orders: column "note" was string, a file now has/);
    expect(a.failed[1]!.reason).toContain(`table stopped at ${changed.key}`);
    expect(entry([orders!], B)).toMatchObject({
      failed: [],
      result: { filesCommitted: [files[3]!.key, files[4]!.key] },
    });
    // All together; then A file by file up to the change; then B's two files in one call.
    expect(sink.calls.map((c) => c.files.map((f) => f.fileKey))).toEqual([
      files.map((f) => f.key),
      [files[0]!.key],
      [changed.key],
      [files[3]!.key, files[4]!.key],
    ]);
  });

  it('retries per entry after a terminal error that names no file, so entry B lands while A fails', async () => {
    const poisoned = cdc('brand-a', 'orders', 1, [1n]);
    // Like a warehouse refusing a value without saying which file held it.
    sink.refuse = (files) =>
      files.some((f) => f.fileKey === poisoned.key) ? new FerryError('the warehouse refused the batch') : undefined;
    const files = [poisoned, cdc('brand-a', 'orders', 2, [2n]), cdc('brand-b', 'orders', 1, [1n])];
    const [orders] = await apply(files);

    expect(entry([orders!], A).failed.map((f) => [f.fileKey, f.reason, f.retryable])).toEqual([
      [files[0]!.key, 'the warehouse refused the batch', false],
      [files[1]!.key, 'the warehouse refused the batch', false],
    ]);
    expect(entry([orders!], B)).toMatchObject({ failed: [], result: { filesCommitted: [files[2]!.key] } });
    expect(sink.calls.map((c) => c.files.length)).toEqual([3, 2, 1]);
  });

  it('fails every file retryably, without retrying per entry, when the warehouse is unavailable', async () => {
    sink.refuse = () => new SinkUnavailableError('duckdb', 'down for a moment');
    const [orders] = await apply([cdc('brand-a', 'orders', 1, [1n]), cdc('brand-b', 'orders', 1, [1n])]);
    expect(orders!.entries.flatMap((e) => e.failed.map((f) => f.retryable))).toEqual([true, true]);
    expect(sink.calls).toHaveLength(1);
  });

  it('commits at most 100 files per call, still mixing the entries', async () => {
    const files = Array.from({ length: 130 }, (_, i) =>
      cdc(i % 2 === 0 ? 'brand-a' : 'brand-b', 'orders', Math.floor(i / 2), [BigInt(i)]),
    );
    const [orders] = await apply(files);
    expect(sink.calls.map((c) => c.files.length)).toEqual([100, 30]);
    expect(orders!.entries.map((e) => [e.entry.mapping.id, e.result.filesCommitted.length, e.failed.length])).toEqual([
      [A, 65, 0],
      [B, 65, 0],
    ]);
    expect(orders!.calls).toBe(2);
  });

  it('refuses entries that do not share one target, naming them, before reading a file', async () => {
    const [orders, customers] = groupByTarget(
      entriesOf([cdc('brand-a', 'orders', 1, [1n]), cdc('brand-b', 'customers', 1, [1n])]),
    );
    const attempt = applyTargetFiles({ sink, open: store([]), maskKey: 'k' }, [...orders!, ...customers!]);
    await expect(attempt).rejects.toThrow(FerryError);
    await expect(attempt).rejects.toThrow(
      'mapping entries brand-a:shop.orders and brand-b:shop.customers cannot share one target: they write raw.orders and raw.customers',
    );
    const hard = {
      ...orders![0]!,
      mapping: mappings.tableById(B)!,
      table: { ...orders![0]!.table, deletes: 'hard' as const },
    };
    await expect(applyTargetFiles({ sink, open: store([]), maskKey: 'k' }, [orders![0]!, hard])).rejects.toThrow(
      `mapping entries ${A} and ${B} cannot share one delete mode: raw.orders has deletes soft and hard`,
    );
    const json = {
      ...orders![0]!,
      mapping: mappings.tableById(B)!,
      table: { ...orders![0]!.table, jsonColumns: ['note'] },
    };
    await expect(applyTargetFiles({ sink, open: store([]), maskKey: 'k' }, [orders![0]!, json])).rejects.toThrow(
      `mapping entries ${A} and ${B} cannot share one set of JSON columns: raw.orders has () and (note)`,
    );
    // groupByTarget never puts them together.
    expect(groupByTarget([orders![0]!, json])).toHaveLength(2);
    expect(sink.calls).toEqual([]);
  });
});

describe('a columns.json column, from the mapping to the warehouse', () => {
  const jsonMappings = parseMappings([
    {
      file: 'brand-a.json',
      json: {
        source: 'brand-a',
        prefix: 'dms/brand-a/',
        tables: {
          'shop.orders': {
            primaryKey: ['id'],
            warehouse: { schema: 'raw', table: 'orders' },
            speedLayer: false,
            columns: { json: ['note'] },
          },
        },
      },
    },
  ]);
  const mapping = jsonMappings.table('brand-a', { schema: 'shop', table: 'orders' })!;
  let next = 0;
  const file = (minute: number, notes: (string | null)[]) => ({
    key: `dms/brand-a/shop/orders/20261123-00${String(minute).padStart(2, '0')}00000.parquet`,
    bytes: encodeDmsParquet([
      { name: 'Op', ...mysqlDmsType.op, values: notes.map(() => 'I') },
      { name: 'id', ...mysqlDmsType.bigint, values: notes.map(() => BigInt(++next)) },
      { name: 'note', element: mysqlDmsType.text.element, values: notes },
    ]),
  });

  it('lands in the JSON type; a file whose text is not JSON fails alone, named with its row and column', async () => {
    const files = [file(1, ['{"a": 1}', null]), file(2, ['[1, 2]', '{"a": 2', '{}']), file(3, ['"x"'])];
    const warehouse = await DuckDbWarehouse.open(':memory:');
    try {
      const entry: EntryFiles = {
        mapping,
        table: mapping.warehouse!,
        files: files.map((f) => parseDmsKey(f.key, jsonMappings.findSource(f.key)!)),
      };
      const outcome = await applyTargetFiles({ sink: warehouse, open: store(files), maskKey: 'k' }, [entry]);
      const [only] = outcome.entries;
      expect(only!.failed.map((f) => [f.fileKey, f.retryable])).toEqual([[files[1]!.key, false]]);
      expect(only!.failed[0]!.reason).toMatch(/ row 1: column "note" is not valid JSON \(/);
      expect(only!.result.filesCommitted).toEqual([files[0]!.key, files[2]!.key]);
      const rows = await warehouse.query('SELECT id, note, typeof(note) FROM raw.orders_live ORDER BY id');
      expect(rows.rows).toEqual([
        ['1', '{"a": 1}', 'JSON'],
        ['2', null, 'JSON'],
        ['6', '"x"', 'JSON'],
      ]);
    } finally {
      await warehouse.close();
    }
  });
});
