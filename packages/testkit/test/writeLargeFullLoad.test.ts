import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLargeFullLoad } from '../src/index.js';
import { openDuckDb, parquetMetadata, query } from './duckdb.js';

let conn: DuckDBConnection;
let root: string;

beforeAll(async () => {
  conn = await openDuckDb();
  root = await mkdtemp(join(tmpdir(), 'ferry-large-'));
});
afterAll(async () => {
  conn.closeSync();
  await rm(root, { recursive: true, force: true });
});

describe('writeLargeFullLoad', () => {
  it('writes one full-load file in row groups of 10,024 rows with unique ids and no Op column', async () => {
    const path = join(root, 'dms', 'bench', 'shop', 'orders', 'LOAD00000001.parquet');
    const file = writeLargeFullLoad(path, 25_000, 7);
    expect(file).toMatchObject({ path, rows: 25_000, table: 'shop.orders' });
    const meta = await parquetMetadata(conn, path);
    expect([...new Set(meta.map((m) => `${m.row_group_id}:${m.row_group_num_rows}`))]).toEqual([
      '0:10024',
      '1:10024',
      '2:4952',
    ]);
    const [stats] = await query(
      conn,
      `SELECT count(*)::VARCHAR AS n, count(DISTINCT id)::VARCHAR AS ids, max(id)::VARCHAR AS top,
              count(*) FILTER (WHERE total IS NULL)::VARCHAR AS null_totals
       FROM read_parquet('${path}')`,
    );
    expect(stats).toMatchObject({ n: '25000', ids: '25000' });
    expect(BigInt(stats?.top as string)).toBeGreaterThan(2n ** 63n);
    expect(Number(stats?.null_totals)).toBeGreaterThan(0);
    const names = (await query(conn, `DESCRIBE SELECT * FROM read_parquet('${path}')`)).map((r) => r.column_name);
    expect(names).toEqual(file.columns.map((c) => c.name));
    expect(names[0]).toBe('DMS_TIMESTAMP');
    expect(names).not.toContain('Op');
    expect(file.mapping.columns?.wallClock).toEqual(['ordered_at']);
  });

  it('is deterministic by seed', async () => {
    const digest = async (p: string) =>
      createHash('sha256')
        .update(await readFile(p))
        .digest('hex');
    const a = writeLargeFullLoad(join(root, 'a.parquet'), 3_000, 1).path;
    const b = writeLargeFullLoad(join(root, 'b.parquet'), 3_000, 1).path;
    const c = writeLargeFullLoad(join(root, 'c.parquet'), 3_000, 2).path;
    expect(await digest(b)).toBe(await digest(a));
    expect(await digest(c)).not.toBe(await digest(a));
  });

  it('refuses a row count that is not a positive integer', () => {
    expect(() => writeLargeFullLoad(join(root, 'x.parquet'), 0, 1)).toThrow(/rows must be a positive integer/);
  });
});
