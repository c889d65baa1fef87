import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { canonicalText } from '@ferry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workload, WorkloadOptions } from '../src/index.js';
import { generateWorkload, writeWorkload } from '../src/index.js';
import { openDuckDb, parquetMetadata, parquetSchema, readParquetText } from './duckdb.js';
import { type FileRows, replay } from './replay.js';

let conn: DuckDBConnection;
let root: string;

beforeAll(async () => {
  conn = await openDuckDb();
  root = await mkdtemp(join(tmpdir(), 'ferry-testkit-'));
});
afterAll(async () => {
  conn.closeSync();
  await rm(root, { recursive: true, force: true });
});

/**
 * Writes `options`' workload and reads every file back with DuckDB as text rows: `raw` as written, and
 * `canonical` with DMS_TIMESTAMP parsed by DuckDB (the replay's input).
 */
async function writeAndRead(name: string, options: WorkloadOptions) {
  const workload = generateWorkload(options);
  const written = await writeWorkload(workload, join(root, name));
  const raw: FileRows[] = [];
  const canonical: FileRows[] = [];
  for (const f of workload.files) {
    const path = join(written.dir, f.key);
    const file = { key: f.key, source: f.source, table: f.table, kind: f.kind };
    raw.push({ ...file, rows: await readParquetText(conn, path, f.columns) });
    canonical.push({ ...file, rows: await readParquetText(conn, path, f.columns, ['DMS_TIMESTAMP']) });
  }
  return { workload, written, files: raw, canonical };
}

function expectedText(w: Workload, fileIndex: number): Record<string, string | null>[] {
  const f = w.files[fileIndex];
  if (f === undefined) throw new Error('no such file');
  return Array.from({ length: f.rowCount }, (_, r) =>
    Object.fromEntries(
      f.columns.map((c) => {
        const v = c.values[r] ?? null;
        return [c.name, c.element.converted_type === 'UTF8' ? (v as string | null) : canonicalText(c.type, v)];
      }),
    ),
  );
}

describe('writeWorkload', () => {
  it('writes files that DuckDB reads back exactly as the workload holds them, and an oracle their replay matches', async () => {
    const { workload, written, files, canonical } = await writeAndRead('exact', { seed: 21, rows: 400 });
    expect(written.keys).toEqual(workload.files.map((f) => f.key));
    files.forEach((f, i) => {
      expect(f.rows, f.key).toEqual(expectedText(workload, i));
    });
    const replayed = replay(canonical, workload.mappings, workload.oracle);
    for (const target of workload.oracle) expect(replayed.get(target), target.warehouse.name).toEqual(target.rows);
  });

  it('writes the same bytes for the same seed', async () => {
    const hashes = async (dir: string, keys: readonly string[]) =>
      Promise.all(
        keys.map(async (k) =>
          createHash('sha256')
            .update(await readFile(join(dir, k)))
            .digest('hex'),
        ),
      );
    const a = await writeWorkload(generateWorkload({ seed: 5, rows: 200 }), join(root, 'same-a'));
    const b = await writeWorkload(generateWorkload({ seed: 5, rows: 200 }), join(root, 'same-b'));
    expect(b.keys).toEqual(a.keys);
    expect(await hashes(b.dir, b.keys)).toEqual(await hashes(a.dir, a.keys));
  });

  it('writes DMS-shaped parquet: root "schema", legacy converted types only, DMS_TIMESTAMP required, data optional', async () => {
    const { written } = await writeAndRead('shape', { seed: 3, rows: 200 });
    const key = written.keys.find((k) => k.includes('/orders/20')) as string;
    const schema = await parquetSchema(conn, join(written.dir, key));
    expect(schema[0]?.name).toBe('schema');
    const byName = new Map(schema.map((s) => [s.name, s]));
    expect(byName.get('DMS_TIMESTAMP')).toMatchObject({
      type: 'BYTE_ARRAY',
      converted_type: 'UTF8',
      repetition_type: 'REQUIRED',
    });
    expect(byName.get('Op')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
    expect(byName.get('id')).toMatchObject({ type: 'INT64', converted_type: 'UINT_64', repetition_type: 'OPTIONAL' });
    expect(byName.get('total')).toMatchObject({
      type: 'FIXED_LEN_BYTE_ARRAY',
      type_length: '16',
      converted_type: 'DECIMAL',
    });
    expect(byName.get('ordered_at')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS' });
    expect(byName.get('paid_at')).toMatchObject({ type: 'INT64', converted_type: 'TIMESTAMP_MICROS' });
    expect(byName.get('is_gift')).toMatchObject({ type: 'INT32', converted_type: 'INT_8' });
    expect(byName.get('express')).toMatchObject({ type: 'BOOLEAN', converted_type: null });
    expect(byName.get('signature')).toMatchObject({ type: 'BYTE_ARRAY', converted_type: null });
    expect(schema.every((s) => s.logical_type === null)).toBe(true);
    const meta = await parquetMetadata(conn, join(written.dir, key));
    expect(new Set(meta.map((m) => m.compression))).toEqual(new Set(['UNCOMPRESSED']));
    expect(meta.every((m) => !String(m.encodings).includes('DICTIONARY'))).toBe(true);
  });

  it('compresses with gzip or snappy, splits row groups and uses dictionaries when asked', async () => {
    for (const compression of ['gzip', 'snappy'] as const) {
      const parquet = { compression, rowGroupSize: 7, dictionary: true };
      const { workload, written, files } = await writeAndRead(compression, { seed: 4, rows: 300, parquet });
      const big = workload.files.findIndex((f) => f.rowCount > 14);
      expect(files[big]?.rows).toEqual(expectedText(workload, big));
      const meta = await parquetMetadata(conn, join(written.dir, written.keys[big] as string));
      expect(new Set(meta.map((m) => m.compression))).toEqual(new Set([compression.toUpperCase()]));
      expect(new Set(meta.map((m) => m.row_group_num_rows)).has(7n)).toBe(true);
      expect(meta.some((m) => String(m.encodings).includes('RLE_DICTIONARY'))).toBe(true);
    }
  });

  it('writes the mappings beside the data by default, elsewhere or not at all when told', async () => {
    const workload = generateWorkload({ seed: 1, rows: 100 });
    const here = await writeWorkload(workload, join(root, 'maps-default'));
    expect(here.mappingsDir).toBe(join(here.dir, 'mappings'));
    expect(here.mappingFiles).toEqual([
      join(here.dir, 'mappings', 'brand-a.json'),
      join(here.dir, 'mappings', 'brand-b.json'),
    ]);
    expect(JSON.parse(await readFile(here.mappingFiles[0] as string, 'utf8'))).toEqual({
      $schema: './mappings.schema.json',
      ...workload.mappings[0],
    });
    expect(here.keys.every((k) => k.startsWith('dms/'))).toBe(true);

    const elsewhere = await writeWorkload(workload, join(root, 'maps-data'), { mappingsDir: join(root, 'maps-own') });
    expect(elsewhere.mappingFiles[1]).toBe(join(root, 'maps-own', 'brand-b.json'));
    const none = await writeWorkload(workload, join(root, 'maps-none'), { mappingsDir: false });
    expect(none.mappingsDir).toBeUndefined();
    expect(none.mappingFiles).toEqual([]);
  });
});
