import {
  type ChangeSink,
  type ColumnSpec,
  type ColumnType,
  type ColumnValue,
  canonicalText,
  DmsFileError,
  FerryError,
  type FileChanges,
  SchemaChangeError,
  type Sink,
  type SinkResult,
  SinkUnavailableError,
} from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpeedLayer, writeBaseline } from '../src/index.js';
import { D, fileOf, freshTable, I, pos, tableChanges, U } from './changes.js';
import type { DialectFactory, SpeedLayerUnderTest } from './dialectFactories.js';

const int64: ColumnType = { kind: 'int', bits: 64, signed: true };
const int32: ColumnType = { kind: 'int', bits: 32, signed: true };
const text: ColumnType = { kind: 'string' };
const idv: ColumnSpec[] = [
  { name: 'id', type: int64 },
  { name: 'v', type: text },
];

const counts = (r: SinkResult) => ({
  rows: r.rows,
  inserted: r.inserted,
  updated: r.updated,
  deleted: r.deleted,
  stale: r.stale,
});

/** The speed-layer behaviour every dialect must show (FACTS.md §6, DESIGN.md invariants 1–5). */
export function speedLayerSuite(factory: DialectFactory): void {
  describe(`speed layer on ${factory.name}`, () => {
    let under: SpeedLayerUnderTest;
    let sink: Sink & ChangeSink;
    beforeAll(async () => {
      under = await factory.open();
      sink = under.sink;
    });
    afterAll(async () => {
      await under?.dispose();
    });

    const tombstones = async (tableId: string) =>
      (
        await sink.query(`SELECT position FROM _ferry_tombstones WHERE table_id = '${tableId}' ORDER BY position`)
      ).rows.map((r) => r[0]);
    const ledgerSize = async (tableId: string) =>
      Number((await sink.query(`SELECT count(*) FROM _ferry_applied_files WHERE table_id = '${tableId}'`)).rows[0]![0]);

    it('reports each entry its last file, commit time and counts from the ledger (ferry status)', async () => {
      const t = freshTable();
      const never = 'test:never_committed';
      const start = Date.now() - 1000;
      expect(await sink.commitStatus!([{ table: t, entryIds: [t.id, never] }], new Date())).toEqual([
        { tableId: t.id, filesLastHour: 0, filesLastDay: 0, rowsLastHour: 0n, rowsLastDay: 0n },
        { tableId: never, filesLastHour: 0, filesLastDay: 0, rowsLastHour: 0n, rowsLastDay: 0n },
      ]);
      await sink.applyFiles(t, [fileOf('s1', idv, [I(1, { id: 1n, v: 'a' })])]);
      await sink.applyFiles(t, [fileOf('s2', idv, [I(2, { id: 2n, v: 'b' }), D(3, { id: 1n, v: 'a' })])]);
      const [mine, other] = await sink.commitStatus!([{ table: t, entryIds: [t.id, never] }], new Date());
      expect(mine).toMatchObject({
        tableId: t.id,
        lastFile: 's2',
        filesLastHour: 2,
        filesLastDay: 2,
        rowsLastHour: 3n,
      });
      expect(mine!.lastCommittedAt!.getTime()).toBeGreaterThanOrEqual(start);
      expect(other).toEqual({ tableId: never, filesLastHour: 0, filesLastDay: 0, rowsLastHour: 0n, rowsLastDay: 0n });
      const later = await sink.commitStatus!([{ table: t, entryIds: [t.id] }], new Date(Date.now() + 7_200_000));
      expect(later[0]).toMatchObject({
        lastFile: 's2',
        filesLastHour: 0,
        filesLastDay: 2,
        rowsLastHour: 0n,
        rowsLastDay: 3n,
      });
      // The merge worker's way in: rows of a file over two batches count as that file's, newest first.
      await sink.applyChanges(t, [
        { label: 'b1', changes: tableChanges(idv, [I(4, { id: 3n, v: 'c' })]), files: [{ fileKey: 's3', rows: 1 }] },
      ]);
      await sink.applyChanges(t, [
        { label: 'b2', changes: tableChanges(idv, [U(5, { id: 3n, v: 'd' })]), files: [{ fileKey: 's3', rows: 1 }] },
      ]);
      const [streamed] = await sink.commitStatus!([{ table: t, entryIds: [t.id] }], new Date());
      expect(streamed).toMatchObject({ lastFile: 's3', filesLastHour: 3, rowsLastHour: 5n });
    });

    it('keeps the newest change per key when one chunk repeats a key (I, U, U, D)', async () => {
      const t = freshTable();
      const result = await sink.applyFiles(t, [
        fileOf('f1', idv, [
          I(1, { id: 1n, v: 'a' }),
          U(2, { id: 1n, v: 'b' }),
          U(3, { id: 1n, v: 'c' }),
          D(4, { id: 1n, v: 'c' }),
          I(5, { id: 2n, v: 'x' }),
          U(6, { id: 2n, v: 'y' }),
          U(7, { id: 2n, v: 'z' }),
        ]),
      ]);
      expect(result.filesCommitted).toEqual(['f1']);
      expect(counts(result)).toEqual({ rows: 7, inserted: 1, updated: 0, deleted: 1, stale: 5 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '2', v: 'z' }]);
      expect(await tombstones(t.id)).toEqual([pos(4)]);
    });

    it('refuses an update older than the stored row (version guard)', async () => {
      const t = freshTable();
      await sink.applyFiles(t, [fileOf('f1', idv, [U(5, { id: 1n, v: 'new' })])]);
      const stale = await sink.applyFiles(t, [fileOf('f2', idv, [U(3, { id: 1n, v: 'old' })])]);
      expect(counts(stale)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 0, stale: 1 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '1', v: 'new' }]);
      const newer = await sink.applyFiles(t, [fileOf('f3', idv, [U(6, { id: 1n, v: 'newer' })])]);
      expect(counts(newer)).toEqual({ rows: 1, inserted: 0, updated: 1, deleted: 0, stale: 0 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '1', v: 'newer' }]);
    });

    it('never resurrects a deleted row from an older, late change, and keeps its tombstone', async () => {
      const t = freshTable();
      await sink.applyFiles(t, [fileOf('f1', idv, [I(1, { id: 1n, v: 'a' })])]);
      const del = await sink.applyFiles(t, [fileOf('f2', idv, [D(5, { id: 1n, v: 'a' })])]);
      expect(counts(del)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 1, stale: 0 });
      const late = await sink.applyFiles(t, [
        fileOf('f3', idv, [I(3, { id: 1n, v: 'late' }), U(4, { id: 1n, v: 'later' })]),
      ]);
      expect(counts(late)).toEqual({ rows: 2, inserted: 0, updated: 0, deleted: 0, stale: 2 });
      expect(await sink.readRows(t, idv)).toEqual([]);
      expect(await tombstones(t.id)).toEqual([pos(5)]);
    });

    it('keeps a tombstone for a delete of a key it never saw', async () => {
      const t = freshTable();
      const del = await sink.applyFiles(t, [fileOf('f1', idv, [D(5, { id: 9n, v: 'gone' })])]);
      expect(counts(del)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 1, stale: 0 });
      expect(await tombstones(t.id)).toEqual([pos(5)]);
      const late = await sink.applyFiles(t, [fileOf('f2', idv, [I(2, { id: 9n, v: 'late' })])]);
      expect(counts(late)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 0, stale: 1 });
      expect(await sink.readRows(t, idv)).toEqual([]);
    });

    it('honours a tombstone written earlier in the same call', async () => {
      const t = freshTable();
      const result = await sink.applyFiles(t, [
        fileOf('f1', idv, [D(5, { id: 1n, v: 'gone' })], [I(3, { id: 1n, v: 'late' }), I(4, { id: 2n, v: 'b' })]),
        fileOf('f2', idv, [U(4, { id: 1n, v: 'later' })]),
      ]);
      expect(counts(result)).toEqual({ rows: 4, inserted: 1, updated: 0, deleted: 1, stale: 2 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '2', v: 'b' }]);
    });

    it('takes a re-insert newer than the tombstone, and judges later deletes against the live row', async () => {
      const t = freshTable();
      await sink.applyFiles(t, [
        fileOf('f1', idv, [I(1, { id: 1n, v: 'a' })]),
        fileOf('f2', idv, [D(2, { id: 1n, v: 'a' })]),
      ]);
      const back = await sink.applyFiles(t, [fileOf('f3', idv, [I(7, { id: 1n, v: 'back' })])]);
      expect(counts(back)).toEqual({ rows: 1, inserted: 1, updated: 0, deleted: 0, stale: 0 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '1', v: 'back' }]);
      // Newer than the tombstone but older than the live row: refused.
      const olderDelete = await sink.applyFiles(t, [fileOf('f4', idv, [D(6, { id: 1n, v: 'a' })])]);
      expect(counts(olderDelete)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 0, stale: 1 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '1', v: 'back' }]);
      const del = await sink.applyFiles(t, [fileOf('f5', idv, [D(8, { id: 1n, v: 'back' })])]);
      expect(counts(del)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 1, stale: 0 });
      expect(await sink.readRows(t, idv)).toEqual([]);
      expect(await tombstones(t.id)).toEqual([pos(8)]);
    });

    it('changes nothing when the same files come again (ledger)', async () => {
      const t = freshTable();
      const f1 = fileOf('dms/a/shop/orders/LOAD00000001.parquet', idv, [I(1, { id: 1n, v: 'a' })]);
      const f2 = fileOf('dms/a/shop/orders/20240101-000000000.parquet', idv, [
        U(2, { id: 1n, v: 'b' }),
        I(3, { id: 2n, v: 'c' }),
      ]);
      const f3 = fileOf('dms/a/shop/orders/20240101-000100000.parquet', idv, [D(4, { id: 2n, v: 'c' })]);
      const first = await sink.applyFiles(t, [f1, f2]);
      expect(first.filesCommitted).toEqual([f1.fileKey, f2.fileKey]);
      const again = await sink.applyFiles(t, [f1, f2]);
      expect(again).toEqual({
        filesCommitted: [],
        filesAlreadyApplied: [f1.fileKey, f2.fileKey],
        rows: 0,
        inserted: 0,
        updated: 0,
        deleted: 0,
        stale: 0,
      });
      const overlap = await sink.applyFiles(t, [f2, f3, f3]);
      expect(overlap.filesCommitted).toEqual([f3.fileKey]);
      expect(overlap.filesAlreadyApplied).toEqual([f2.fileKey, f3.fileKey]);
      expect(counts(overlap)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 1, stale: 0 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '1', v: 'b' }]);
      expect(await ledgerSize(t.id)).toBe(3);
    });

    it('applies several files of several chunks in one call, counting every change once', async () => {
      const t = freshTable();
      const f1 = fileOf(
        'f1',
        idv,
        [I(1, { id: 1n, v: 'a' }), I(2, { id: 2n, v: 'b' }), I(3, { id: 3n, v: 'c' })],
        [U(4, { id: 1n, v: 'a2' }), D(5, { id: 2n, v: 'b' })],
        [I(6, { id: 4n, v: 'd' })],
      );
      const f2 = fileOf('f2', idv, [U(7, { id: 3n, v: 'c2' }), I(8, { id: 5n, v: 'e' })]);
      const result = await sink.applyFiles(t, [f1, f2]);
      expect(result.filesCommitted).toEqual(['f1', 'f2']);
      expect(counts(result)).toEqual({ rows: 8, inserted: 5, updated: 2, deleted: 1, stale: 0 });
      expect(await sink.readRows(t, idv)).toEqual([
        { id: '1', v: 'a2' },
        { id: '3', v: 'c2' },
        { id: '4', v: 'd' },
        { id: '5', v: 'e' },
      ]);
      expect(await ledgerSize(t.id)).toBe(2);
    });

    it('splits large chunks into several statements and still counts exactly', async () => {
      const t = freshTable();
      const n = 2_500;
      const inserts = Array.from({ length: n }, (_, i) => I(10_000 + i, { id: BigInt(i), v: `v${i}` }));
      const first = await sink.applyFiles(t, [fileOf('big1', idv, inserts)]);
      expect(counts(first)).toEqual({ rows: n, inserted: n, updated: 0, deleted: 0, stale: 0 });
      // Even ids get newer positions, odd ids older ones: half updated, half stale.
      const updates = Array.from({ length: n }, (_, i) =>
        U(i % 2 === 0 ? 20_000 + i : i, { id: BigInt(i), v: `w${i}` }),
      );
      const second = await sink.applyFiles(t, [fileOf('big2', idv, updates)]);
      expect(counts(second)).toEqual({ rows: n, inserted: 0, updated: n / 2, deleted: 0, stale: n / 2 });
      const rows = await sink.readRows(t, idv);
      expect(rows).toHaveLength(n);
      expect(rows.find((r) => r.id === '1000')).toEqual({ id: '1000', v: 'w1000' });
      expect(rows.find((r) => r.id === '1001')).toEqual({ id: '1001', v: 'v1001' });
    });

    it('adds a column a later file brings; rows last written without it read NULL', async () => {
      const t = freshTable();
      const wide = [...idv, { name: 'extra', type: int32 }];
      const result = await sink.applyFiles(t, [
        fileOf('f1', idv, [I(1, { id: 1n, v: 'a' }), I(2, { id: 2n, v: 'b' })]),
        fileOf('f2', wide, [U(3, { id: 1n, v: 'a2', extra: 7 }), I(4, { id: 3n, v: 'c', extra: 9 })]),
      ]);
      expect(counts(result)).toEqual({ rows: 4, inserted: 3, updated: 1, deleted: 0, stale: 0 });
      const ghost = { name: 'ghost', type: text };
      expect(await sink.readRows(t, [...wide, ghost])).toEqual([
        { id: '1', v: 'a2', extra: '7', ghost: null },
        { id: '2', v: 'b', extra: null, ghost: null },
        { id: '3', v: 'c', extra: '9', ghost: null },
      ]);
      // A change from a file without the column is the row's whole after-image: the column becomes NULL.
      await sink.applyFiles(t, [fileOf('f3', idv, [U(5, { id: 3n, v: 'c2' })])]);
      expect(await sink.readRows(t, wide)).toContainEqual({ id: '3', v: 'c2', extra: null });
      // A narrower type fits a wider column: taken as it is.
      const narrow = [idv[0]!, { name: 'extra', type: { kind: 'int', bits: 16, signed: true } as ColumnType }];
      const fits = await sink.applyFiles(t, [fileOf('f4', narrow, [U(6, { id: 2n, extra: -5 })])]);
      expect(fits.filesCommitted).toEqual(['f4']);
      expect(await sink.readRows(t, wide)).toContainEqual({ id: '2', v: null, extra: '-5' });
    });

    it('takes millisecond then microsecond timestamps into one column', async () => {
      const t = freshTable();
      const ms = [idv[0]!, { name: 'at', type: { kind: 'timestamp', precision: 3, utc: true } as ColumnType }];
      const us = [idv[0]!, { name: 'at', type: { kind: 'timestamp', precision: 6, utc: true } as ColumnType }];
      await sink.applyFiles(t, [fileOf('f1', ms, [I(1, { id: 1n, at: 1_700_000_000_123_000n })])]);
      await sink.applyFiles(t, [fileOf('f2', us, [I(2, { id: 2n, at: 1_700_000_000_123_456n })])]);
      expect(await sink.readRows(t, us)).toEqual([
        { id: '1', at: '2023-11-14 22:13:20.123000Z' },
        { id: '2', at: '2023-11-14 22:13:20.123456Z' },
      ]);
    });

    it('stops the table with SchemaChangeError on an incompatible type, writing nothing', async () => {
      const t = freshTable();
      const withN = [idv[0]!, { name: 'n', type: int32 }];
      const asText = [idv[0]!, { name: 'n', type: text }];
      await sink.applyFiles(t, [fileOf('f1', withN, [I(1, { id: 1n, n: 5 })])]);
      const good = fileOf('f2', withN, [I(2, { id: 2n, n: 6 })]);
      const bad = fileOf('f3', asText, [I(3, { id: 3n, n: 'seven' })]);
      const failure = sink.applyFiles(t, [good, bad]);
      await expect(failure).rejects.toBeInstanceOf(SchemaChangeError);
      await expect(failure).rejects.toThrow(/column "n" was int32, a file now has string/);
      expect(await sink.readRows(t, withN)).toEqual([{ id: '1', n: '5' }]);
      expect(await ledgerSize(t.id)).toBe(1);
      expect((await sink.applyFiles(t, [good])).filesCommitted).toEqual(['f2']);
    });

    it('commits nothing when a file fails mid-transaction (rollback)', async () => {
      const t = freshTable();
      const good = fileOf('f-good', idv, [I(1, { id: 1n, v: 'a' }), I(2, { id: 2n, v: 'b' })]);
      const bad = fileOf('f-bad', idv, [I(3, { id: 3n, v: 'c' })], [I(4, { id: null, v: 'no key' })]);
      const failure = sink.applyFiles(t, [good, bad]);
      await expect(failure).rejects.toBeInstanceOf(DmsFileError);
      await expect(failure).rejects.toThrow('f-bad row 4: primary-key column "id" is NULL');
      expect(await sink.readRows(t, idv)).toEqual([]);
      expect(await ledgerSize(t.id)).toBe(0);
      expect(await tombstones(t.id)).toEqual([]);
      expect(counts(await sink.applyFiles(t, [good]))).toEqual({
        rows: 2,
        inserted: 2,
        updated: 0,
        deleted: 0,
        stale: 0,
      });
    });

    it('rolls back when reading a file fails after some of it was written', async () => {
      const t = freshTable();
      const broken: FileChanges = {
        fileKey: 'f-truncated',
        columns: idv,
        chunks: async function* () {
          yield tableChanges(idv, [I(1, { id: 1n, v: 'a' })]);
          throw new DmsFileError('f-truncated', 'parquet row group 2 is truncated');
        },
      };
      await expect(sink.applyFiles(t, [broken])).rejects.toThrow('f-truncated: parquet row group 2 is truncated');
      expect(await sink.readRows(t, idv)).toEqual([]);
      expect(await ledgerSize(t.id)).toBe(0);
    });

    it('names the file and the reason for bad input', async () => {
      const t = freshTable();
      await expect(
        sink.applyFiles(t, [fileOf('f-op', idv, [{ op: 'X' as 'I', pos: 3, row: { id: 1n, v: 'a' } }])]),
      ).rejects.toThrow('f-op row 3: Op "X" is not I, U or D');
      await expect(sink.applyFiles(t, [fileOf('f-nokey', [idv[1]!], [I(1, { v: 'a' })])])).rejects.toThrow(
        /f-nokey: has no primary-key column "id"/,
      );
      const badName = [...idv, { name: 'bad-name', type: text }];
      await expect(sink.applyFiles(t, [fileOf('f-name', badName, [I(1, { id: 1n })])])).rejects.toBeInstanceOf(
        DmsFileError,
      );
      const prefixed = [...idv, { name: '_ferry_position', type: text }];
      await expect(sink.applyFiles(t, [fileOf('f-meta', prefixed, [I(1, { id: 1n })])])).rejects.toThrow(
        /f-meta: column "_ferry_position"/,
      );
      const badTable = { ...t, name: 'drop table x;--' };
      await expect(sink.applyFiles(badTable, [fileOf('f1', idv, [I(1, { id: 1n })])])).rejects.toBeInstanceOf(
        FerryError,
      );
      expect(await ledgerSize(t.id)).toBe(0);
    });

    it('round-trips every type exactly', async () => {
      const t = freshTable();
      const types: ColumnSpec[] = [
        { name: 'id', type: { kind: 'int', bits: 64, signed: false } },
        { name: 'd38_10', type: { kind: 'decimal', precision: 38, scale: 10 } },
        { name: 'd38_4', type: { kind: 'decimal', precision: 38, scale: 4 } },
        { name: 'i64', type: int64 },
        { name: 'i8', type: { kind: 'int', bits: 8, signed: true } },
        { name: 'u8', type: { kind: 'int', bits: 8, signed: false } },
        { name: 'i16', type: { kind: 'int', bits: 16, signed: true } },
        { name: 'u16', type: { kind: 'int', bits: 16, signed: false } },
        { name: 'i32', type: int32 },
        { name: 'u32', type: { kind: 'int', bits: 32, signed: false } },
        { name: 'f32', type: { kind: 'float', bits: 32 } },
        { name: 'f64', type: { kind: 'float', bits: 64 } },
        { name: 'flag', type: { kind: 'boolean' } },
        { name: 's', type: text },
        { name: 'raw', type: { kind: 'bytes' } },
        { name: 'day', type: { kind: 'date' } },
        { name: 'tod', type: { kind: 'time', precision: 6 } },
        { name: 'at_utc', type: { kind: 'timestamp', precision: 6, utc: true } },
        { name: 'at_wall', type: { kind: 'timestamp', precision: 6, utc: false } },
      ];
      const rows: Record<string, ColumnValue>[] = [
        {
          id: 18_446_744_073_709_551_615n,
          d38_10: '1234567890123456789012345678.1234567890',
          d38_4: '-9999999999999999999999999999999999.9999',
          i64: -9_223_372_036_854_775_808n,
          i8: -128,
          u8: 255,
          i16: -32_768,
          u16: 65_535,
          i32: -2_147_483_648,
          u32: 4_294_967_295,
          f32: Math.fround(0.1),
          f64: 0.30000000000000004,
          flag: true,
          s: "한국어 텍스트 😀 'quote' \\ back\"slash",
          raw: new Uint8Array([0, 1, 2, 255, 0]),
          day: -1,
          tod: 86_399_999_999n,
          at_utc: -1n,
          at_wall: 1_700_000_000_123_456n,
        },
        {
          id: 9_223_372_036_854_775_809n,
          d38_10: '0.0000000001',
          d38_4: '0.0000',
          i64: 9_223_372_036_854_775_807n,
          i8: 127,
          u8: 0,
          i16: 32_767,
          u16: 0,
          i32: 2_147_483_647,
          u32: 0,
          f32: Math.fround(123456789.125),
          f64: -1e-300,
          flag: false,
          s: '',
          raw: new Uint8Array([]),
          day: 2_932_896,
          tod: 0n,
          at_utc: 253_402_300_799_999_999n,
          at_wall: -2_208_988_800_000_001n,
        },
        { id: 9_007_199_254_740_993n, f32: Math.fround(-1.5), f64: 5e-324, day: -25_567, at_utc: 1n },
        { id: 0n },
      ];
      const result = await sink.applyFiles(t, [
        fileOf(
          'types',
          types,
          rows.map((row, i) => I(i + 1, row)),
        ),
      ]);
      expect(counts(result)).toEqual({ rows: 4, inserted: 4, updated: 0, deleted: 0, stale: 0 });
      const expected = rows
        .map((row) => Object.fromEntries(types.map((c) => [c.name, canonicalText(c.type, row[c.name] ?? null)])))
        .sort((a, b) => (BigInt(a.id!) < BigInt(b.id!) ? -1 : 1));
      expect(await sink.readRows(t, types)).toEqual(expected);
      // `query` keeps exact values as text too.
      const q = await sink.query(`SELECT id, i64, d38_10 FROM ${t.name} ORDER BY id`);
      expect(q.rows.map((r) => r.map(String))).toEqual(expected.map((e) => [e.id, String(e.i64), String(e.d38_10)]));
      // Deleting by a uint64 key above 2^63 removes exactly that row.
      await sink.applyFiles(t, [fileOf('types-del', types, [D(9, { id: 18_446_744_073_709_551_615n })])]);
      expect((await sink.readRows(t, types.slice(0, 1))).map((r) => r.id)).toEqual([
        '0',
        '9007199254740993',
        '9223372036854775809',
      ]);
    });

    it('round-trips text and bytes that look like syntax (quotes, backslashes, braces, NULL, \\N, control chars)', async () => {
      const t = freshTable();
      const cols: ColumnSpec[] = [
        { name: 'id', type: text },
        { name: 's', type: text },
        { name: 'raw', type: { kind: 'bytes' } },
      ];
      const awkward = [
        'NULL',
        'null',
        '\\N',
        '\\',
        '\\x41',
        '"',
        '""',
        '\\"',
        '{a,b}',
        '{}',
        ',',
        ' lead and trail ',
        'tab\there',
        'new\nline\r\n',
        '\u0001\u001a\b',
        "it's",
        '한국어 😀',
        '',
      ];
      // Keys carry the same text, so key matching and the array/VALUES forms see it too; the file key has a quote.
      const rows = awkward.map((v, i) => ({
        id: `k${v}`,
        s: v,
        raw: new Uint8Array([0, 0x5c, 0x22, 0x2c, 0x7b, i, 0]),
      }));
      const fileKey = 'dir/"quoted" \\ file.parquet';
      const first = await sink.applyFiles(t, [
        fileOf(
          fileKey,
          cols,
          rows.map((row, i) => I(i + 1, row)),
        ),
      ]);
      expect(counts(first)).toEqual({ rows: rows.length, inserted: rows.length, updated: 0, deleted: 0, stale: 0 });
      const expected = rows
        .map((row) => Object.fromEntries(cols.map((c) => [c.name, canonicalText(c.type, row[c.name as 'id'])])))
        .sort((a, b) => Buffer.compare(Buffer.from(a.id!), Buffer.from(b.id!)));
      const stored = (await sink.readRows(t, cols)).sort((a, b) =>
        Buffer.compare(Buffer.from(a.id!), Buffer.from(b.id!)),
      );
      expect(stored).toEqual(expected);
      const files = await sink.query(`SELECT DISTINCT _ferry_file FROM ${t.name}`);
      expect(files.rows.map((r) => String(r[0]))).toEqual([fileKey]);
      // Newer updates of the same keys find them (guarded), and count as updated.
      const again = await sink.applyFiles(t, [
        fileOf(
          'again',
          cols,
          rows.map((row, i) => U(100 + i, { ...row, s: `${row.s}!` })),
        ),
      ]);
      expect(counts(again)).toEqual({ rows: rows.length, inserted: 0, updated: rows.length, deleted: 0, stale: 0 });
      expect((await sink.readRows(t, cols)).map((r) => r.s).sort()).toEqual(awkward.map((v) => `${v}!`).sort());
    });

    it('tells text keys apart byte for byte (trailing spaces, case, Korean, emoji)', async () => {
      const t = freshTable(['k']);
      const cols: ColumnSpec[] = [
        { name: 'k', type: text },
        { name: 'n', type: int32 },
      ];
      const keys = ['a', 'a ', 'A', '한', '😀'];
      const insert = await sink.applyFiles(t, [
        fileOf(
          'f1',
          cols,
          keys.map((k, i) => I(i + 1, { k, n: i })),
        ),
      ]);
      expect(counts(insert)).toEqual({ rows: 5, inserted: 5, updated: 0, deleted: 0, stale: 0 });
      const del = await sink.applyFiles(t, [fileOf('f2', cols, [D(10, { k: 'a ' })])]);
      expect(counts(del)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 1, stale: 0 });
      const rows = await sink.readRows(t, cols);
      const byKey = (a: Record<string, string | null>, b: Record<string, string | null>) => (a.n! < b.n! ? -1 : 1);
      expect(rows.sort(byKey)).toEqual([
        { k: 'a', n: '0' },
        { k: 'A', n: '2' },
        { k: '한', n: '3' },
        { k: '😀', n: '4' },
      ]);
    });

    it('matches a decimal key across files of different scales', async () => {
      const t = freshTable(['amount']);
      const wide = [{ name: 'amount', type: { kind: 'decimal', precision: 12, scale: 2 } as ColumnType }];
      const narrow = [{ name: 'amount', type: { kind: 'decimal', precision: 10, scale: 1 } as ColumnType }];
      await sink.applyFiles(t, [fileOf('f1', wide, [I(1, { amount: '1.50' }), I(2, { amount: '1.55' })])]);
      const del = await sink.applyFiles(t, [fileOf('f2', narrow, [D(5, { amount: '1.5' })])]);
      expect(counts(del)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 1, stale: 0 });
      const late = await sink.applyFiles(t, [fileOf('f3', wide, [U(3, { amount: '1.50' })])]);
      expect(counts(late)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 0, stale: 1 });
      expect(await sink.readRows(t, wide)).toEqual([{ amount: '1.55' }]);
    });

    it('matches keys exactly beyond double precision (64-bit and decimal keys)', async () => {
      const t = freshTable(['big', 'amount']);
      const cols: ColumnSpec[] = [
        { name: 'big', type: { kind: 'int', bits: 64, signed: false } },
        { name: 'amount', type: { kind: 'decimal', precision: 38, scale: 2 } },
        { name: 'v', type: text },
      ];
      // Each pair is one double apart from nothing: a comparison through floating point would match both.
      const a = { big: 9_223_372_036_854_775_809n, amount: '123456789012345678.01' };
      const b = { big: 9_223_372_036_854_775_810n, amount: '123456789012345678.01' };
      const c = { big: 9_223_372_036_854_775_809n, amount: '123456789012345678.02' };
      await sink.applyFiles(t, [
        fileOf('f1', cols, [I(1, { ...a, v: 'a' }), I(2, { ...b, v: 'b' }), I(3, { ...c, v: 'c' })]),
      ]);
      const del = await sink.applyFiles(t, [fileOf('f2', cols, [D(5, a)])]);
      expect(counts(del)).toEqual({ rows: 1, inserted: 0, updated: 0, deleted: 1, stale: 0 });
      expect((await sink.readRows(t, cols)).map((r) => r.v).sort()).toEqual(['b', 'c']);
    });

    it('guards every column, not only the first (MySQL assigns left to right)', async () => {
      const t = freshTable();
      const cols: ColumnSpec[] = [idv[0]!, { name: 'a', type: text }, { name: 'b', type: text }];
      await sink.applyFiles(t, [fileOf('f1', cols, [I(3, { id: 1n, a: 'a1', b: 'b1' })])]);
      const newer = await sink.applyFiles(t, [fileOf('f2', cols, [U(5, { id: 1n, a: 'a2', b: 'b2' })])]);
      expect(counts(newer)).toEqual({ rows: 1, inserted: 0, updated: 1, deleted: 0, stale: 0 });
      expect(await sink.readRows(t, cols)).toEqual([{ id: '1', a: 'a2', b: 'b2' }]);
      const older = await sink.applyFiles(t, [fileOf('f3', cols, [U(4, { id: 1n, a: 'a3', b: 'b3' })])]);
      const equal = await sink.applyFiles(t, [fileOf('f4', cols, [U(5, { id: 1n, a: 'a4', b: 'b4' })])]);
      expect(counts(older).stale).toBe(1);
      expect(counts(equal).stale).toBe(1);
      expect(await sink.readRows(t, cols)).toEqual([{ id: '1', a: 'a2', b: 'b2' }]);
      // The same in a multi-row statement: one stale row beside a newer one and a new one.
      await sink.applyFiles(t, [fileOf('f5', cols, [I(1, { id: 2n, a: 'x', b: 'x' })])]);
      const mixed = await sink.applyFiles(t, [
        fileOf('f6', cols, [
          U(4, { id: 1n, a: 'stale', b: 'stale' }),
          U(6, { id: 2n, a: 'y', b: 'y' }),
          I(7, { id: 3n, a: 'z', b: 'z' }),
        ]),
      ]);
      expect(counts(mixed)).toEqual({ rows: 3, inserted: 1, updated: 1, deleted: 0, stale: 1 });
      expect(await sink.readRows(t, cols)).toEqual([
        { id: '1', a: 'a2', b: 'b2' },
        { id: '2', a: 'y', b: 'y' },
        { id: '3', a: 'z', b: 'z' },
      ]);
      const meta = await sink.query(`SELECT _ferry_position, _ferry_file FROM ${t.name} WHERE id = 1`);
      expect(meta.rows).toEqual([[pos(5), 'f2']]);
    });

    it('quotes reserved-word and mixed-case names', async () => {
      const t = freshTable(['Key'], 'Order');
      const cols: ColumnSpec[] = [
        { name: 'Key', type: int32 },
        { name: 'select', type: text },
        { name: 'MixedCase', type: text },
        { name: 'rows', type: int64 },
        { name: 'group', type: { kind: 'boolean' } },
      ];
      await sink.applyFiles(t, [
        fileOf('f1', cols, [
          I(1, { Key: 1, select: 's1', MixedCase: 'm1', rows: 10n, group: true }),
          I(2, { Key: 2, select: 's2', MixedCase: 'm2', rows: 20n, group: false }),
        ]),
      ]);
      await sink.applyFiles(t, [
        fileOf('f2', cols, [
          U(3, { Key: 1, select: 's1b', MixedCase: 'm1b', rows: 11n, group: false }),
          D(4, { Key: 2 }),
        ]),
      ]);
      expect(await sink.readRows(t, cols)).toEqual([
        { Key: '1', select: 's1b', MixedCase: 'm1b', rows: '11', group: 'false' },
      ]);
    });

    it('writes the benchmark baselines: a plain multi-row insert and a per-row loop', async () => {
      const chunks = [
        tableChanges(idv, [I(1, { id: 1n, v: 'a' }), I(2, { id: 2n, v: 'b' })]),
        tableChanges(idv, [I(3, { id: 3n, v: 'c' })]),
      ];
      for (const mode of ['multi-row', 'per-row'] as const) {
        const t = freshTable();
        expect(await writeBaseline(under.target, t.name, idv, ['id'], chunks, mode)).toBe(3);
        expect(await sink.readRows(t, idv)).toEqual([
          { id: '1', v: 'a' },
          { id: '2', v: 'b' },
          { id: '3', v: 'c' },
        ]);
      }
    });

    it('deletes and updates thousands of composite keys in one chunk exactly (key lookups split per dialect)', async () => {
      const t = freshTable(['brand_id', 'id']);
      const cols: ColumnSpec[] = [{ name: 'brand_id', type: text }, ...idv];
      const n = 1500;
      const keys = Array.from({ length: n }, (_, i) => ({ brand_id: i % 3 ? 'brand-a' : 'brand-b', id: BigInt(i) }));
      await sink.applyChanges(t, [
        {
          label: 'load',
          changes: tableChanges(
            cols,
            keys.map((k, i) => I(i + 1, { ...k, v: 'x' })),
          ),
        },
      ]);
      // One chunk: every odd key deleted, every even one updated, in an order unlike the positions'.
      const mixed = keys.map((k, i) => (i % 2 ? D(10_000 + i, k) : U(10_000 + i, { ...k, v: 'y' }))).reverse();
      const result = await sink.applyChanges(t, [{ label: 'mix', changes: tableChanges(cols, mixed) }]);
      expect(counts(result)).toEqual({ rows: n, inserted: 0, updated: n / 2, deleted: n / 2, stale: 0 });
      const rows = await sink.readRows(t, cols);
      expect(rows).toHaveLength(n / 2);
      expect(rows.every((r) => r.v === 'y' && BigInt(r.id!) % 2n === 0n)).toBe(true);
    });

    it('applies change sets without a ledger; the same changes again are all stale and change nothing', async () => {
      const t = freshTable();
      const sets = [
        { label: 'shard-1:1-2', changes: tableChanges(idv, [I(1, { id: 1n, v: 'a' }), I(2, { id: 2n, v: 'b' })]) },
        { label: 'shard-2:7', changes: tableChanges(idv, [U(3, { id: 1n, v: 'a2' }), D(4, { id: 2n })]) },
      ];
      const first = await sink.applyChanges(t, sets);
      expect(counts(first)).toEqual({ rows: 4, inserted: 2, updated: 1, deleted: 1, stale: 0 });
      expect(first.filesCommitted).toEqual([]);
      const again = await sink.applyChanges(t, sets);
      expect(counts(again)).toEqual({ rows: 4, inserted: 0, updated: 0, deleted: 0, stale: 4 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '1', v: 'a2' }]);
      expect(await ledgerSize(t.id)).toBe(0);
      // A late insert older than the delete stays out: the tombstone holds without any file ledger.
      const late = await sink.applyChanges(t, [
        { label: 'late', changes: tableChanges(idv, [I(3, { id: 2n, v: 'x' })]) },
      ]);
      expect(counts(late)).toMatchObject({ inserted: 0, stale: 1 });
      expect(await sink.readRows(t, idv)).toEqual([{ id: '1', v: 'a2' }]);
    });

    it('applies change sets of different column sets in one call, adding the new column', async () => {
      const t = freshTable();
      const wide: ColumnSpec[] = [...idv, { name: 'n', type: int32 }];
      const result = await sink.applyChanges(t, [
        { label: 'a', changes: tableChanges(idv, [I(1, { id: 1n, v: 'a' })]) },
        { label: 'b', changes: tableChanges(wide, [I(2, { id: 2n, v: 'b', n: 7 })]) },
      ]);
      expect(counts(result)).toEqual({ rows: 2, inserted: 2, updated: 0, deleted: 0, stale: 0 });
      expect(await sink.readRows(t, wide)).toEqual([
        { id: '1', v: 'a', n: null },
        { id: '2', v: 'b', n: '7' },
      ]);
    });

    it('lets concurrent writers create the same new table: the loser is told to retry, then lands', async () => {
      const t = freshTable();
      const apply = (id: bigint, p: number) =>
        sink.applyChanges(t, [{ label: `w${id}`, changes: tableChanges(idv, [I(p, { id, v: 'x' })]) }]);
      const retrying = async (id: bigint, p: number) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await apply(id, p);
          } catch (error) {
            if (!(error instanceof SinkUnavailableError) || attempt >= 3) throw error;
          }
        }
      };
      await Promise.all([retrying(1n, 1), retrying(2n, 2), retrying(3n, 3)]);
      expect((await sink.readRows(t, idv)).map((r) => r.id)).toEqual(['1', '2', '3']);
    });

    it('lets concurrent writers of different column sets create a new table: every column ends in it (found by pnpm chaos)', async () => {
      const t = freshTable();
      const wide = [...idv, { name: 'extra', type: int32 }];
      const apply = (columns: typeof idv, id: bigint, p: number) =>
        sink.applyChanges(t, [
          {
            label: `w${id}`,
            changes: tableChanges(columns, [I(p, { id, v: 'x', ...(columns === wide ? { extra: 5 } : {}) })]),
          },
        ]);
      const retrying = async (columns: typeof idv, id: bigint, p: number) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await apply(columns, id, p);
          } catch (error) {
            if (!(error instanceof SinkUnavailableError) || attempt >= 3) throw error;
          }
        }
      };
      await Promise.all([retrying(idv, 1n, 1), retrying(wide, 2n, 2), retrying(idv, 3n, 3), retrying(wide, 4n, 4)]);
      expect(await sink.readRows(t, wide)).toEqual([
        { id: '1', v: 'x', extra: null },
        { id: '2', v: 'x', extra: '5' },
        { id: '3', v: 'x', extra: null },
        { id: '4', v: 'x', extra: '5' },
      ]);
    });

    it('adds a column its types record but the table lacks, and recreates a dropped table with every recorded column', async () => {
      const t = freshTable();
      const wide = [...idv, { name: 'extra', type: int32 }];
      await sink.applyFiles(t, [fileOf('r1', wide, [I(1, { id: 1n, v: 'a', extra: 1 })])]);
      // What a lost race leaves: the column recorded, the table without it.
      await sink.query(`ALTER TABLE ${t.name} DROP COLUMN extra`);
      await sink.applyFiles(t, [fileOf('r2', wide, [I(2, { id: 2n, v: 'b', extra: 2 })])]);
      expect(await sink.readRows(t, wide)).toEqual([
        { id: '1', v: 'a', extra: null },
        { id: '2', v: 'b', extra: '2' },
      ]);
      // The table gone, its types still recorded: a file without the column must not leave it out.
      await sink.query(`DROP TABLE ${t.name}`);
      await sink.applyFiles(t, [fileOf('r3', idv, [I(3, { id: 3n, v: 'c' })])]);
      await sink.applyFiles(t, [fileOf('r4', wide, [I(4, { id: 4n, v: 'd', extra: 4 })])]);
      expect(await sink.readRows(t, wide)).toEqual([
        { id: '3', v: 'c', extra: null },
        { id: '4', v: 'd', extra: '4' },
      ]);
    });

    it('names the change set and reason when a change has no valid position', async () => {
      const t = freshTable();
      const bad = { ...tableChanges(idv, [I(1, { id: 1n, v: 'a' })]), positions: ['12'] };
      const failure = sink.applyChanges(t, [{ label: 'shard-9:42', changes: bad }]);
      await expect(failure).rejects.toBeInstanceOf(DmsFileError);
      await expect(failure).rejects.toThrow(/shard-9:42.*position/);
    });

    it('reports an unreachable server as SinkUnavailableError (retryable), other failures as they are', async () => {
      await expect(sink.query('SELECT * FROM no_such_table')).rejects.not.toBeInstanceOf(SinkUnavailableError);
      await expect(sink.query('SELECT * FROM no_such_table')).rejects.toThrow();
      if (under.unreachableUrl === undefined) return; // embedded: there is no server to lose
      const down = await openSpeedLayer(under.unreachableUrl);
      try {
        const t = freshTable();
        const failure = down.applyFiles(t, [fileOf('f1', idv, [I(1, { id: 1n, v: 'a' })])]);
        await expect(failure).rejects.toBeInstanceOf(SinkUnavailableError);
        await expect(failure).rejects.toMatchObject({ retryable: true });
        await expect(down.readRows(t, idv)).rejects.toBeInstanceOf(SinkUnavailableError);
        await expect(down.query('SELECT 1')).rejects.toBeInstanceOf(SinkUnavailableError);
      } finally {
        await down.close();
      }
    });
  });
}
