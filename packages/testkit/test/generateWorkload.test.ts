import { canonicalText } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import type { Workload, WorkloadFile, WorkloadOptions } from '../src/index.js';
import { encodeDmsParquet, generateWorkload } from '../src/index.js';
import { type FileRows, replay } from './replay.js';

const DMS_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/;

/** The workload's own files as canonical text rows, for the replay. */
function filesAsText(w: Workload): FileRows[] {
  return w.files.map((f) => ({
    key: f.key,
    source: f.source,
    table: f.table,
    kind: f.kind,
    rows: Array.from({ length: f.rowCount }, (_, r) =>
      Object.fromEntries(
        f.columns.map((c) => {
          const v = c.values[r] ?? null;
          if (c.name === 'DMS_TIMESTAMP') return [c.name, `${v as string}Z`];
          return [c.name, typeof v === 'string' ? v : canonicalText(c.type, v)];
        }),
      ),
    ),
  }));
}

function column(f: WorkloadFile, name: string) {
  const c = f.columns.find((x) => x.name === name);
  if (c === undefined) throw new Error(`${f.key} has no column ${name}`);
  return c;
}

describe('generateWorkload', () => {
  it('is deterministic by seed: same seed, same keys and bytes; another seed, other bytes', () => {
    const bytes = (w: Workload) => w.files.map((f) => Buffer.from(encodeDmsParquet(f.columns)).toString('base64'));
    const a = generateWorkload({ seed: 11, rows: 300 });
    const b = generateWorkload({ seed: 11, rows: 300 });
    const c = generateWorkload({ seed: 12, rows: 300 });
    expect(b.files.map((f) => f.key)).toEqual(a.files.map((f) => f.key));
    expect(bytes(b)).toEqual(bytes(a));
    expect(b.oracle).toEqual(a.oracle);
    expect(bytes(c)).not.toEqual(bytes(a));
  });

  it.each<Partial<WorkloadOptions>>([
    {},
    { deletes: 'hard' },
    { consolidated: false },
    { sequenceTables: [], fullLoadFiles: 3 },
    { sources: ['solo'], tables: ['shop.order_items'], minutes: 1 },
    { sequenceTables: ['shop.customers', 'shop.orders', 'shop.order_items'], rows: 2000, minutes: 4 },
    { fullLoadSequence: 'empty', fullLoadShare: 0.9 },
  ])('has an oracle equal to a plain replay of its files in position order (%o)', (extra) => {
    for (const seed of [1, 2, 3]) {
      const w = generateWorkload({ seed, rows: 500, ...extra });
      const replayed = replay(filesAsText(w), w.mappings, w.oracle);
      for (const target of w.oracle) expect(replayed.get(target)).toEqual(target.rows);
    }
  });

  it('writes the full load first without Op, then CDC files with Op in name-time order', () => {
    const w = generateWorkload({ seed: 5 });
    const kinds = w.files.map((f) => f.kind);
    expect(kinds.lastIndexOf('full-load')).toBeLessThan(kinds.indexOf('cdc'));
    for (const f of w.files) {
      const name = f.key.slice(f.key.lastIndexOf('/') + 1);
      expect(f.columns[0]?.name).toBe('DMS_TIMESTAMP');
      expect(f.columns[0]?.element.repetition_type).toBe('REQUIRED');
      for (const v of column(f, 'DMS_TIMESTAMP').values) expect(v).toMatch(DMS_TEXT);
      if (f.kind === 'full-load') {
        expect(name).toMatch(/^LOAD[0-9A-F]{8}\.parquet$/);
        expect(f.columns.some((c) => c.name === 'Op')).toBe(false);
      } else {
        expect(name).toMatch(/^\d{8}-\d{9}\.parquet$/);
        expect(f.columns[1]?.name).toBe('Op');
        for (const op of column(f, 'Op').values) expect(['I', 'U', 'D']).toContain(op);
      }
    }
    const cdcNames = w.files.filter((f) => f.kind === 'cdc').map((f) => f.key.slice(f.key.lastIndexOf('/') + 1));
    expect(cdcNames).toEqual([...cdcNames].sort());
  });

  it('puts one key several times in one CDC file: I, U, U, D', () => {
    const w = generateWorkload({ seed: 6 });
    for (const table of ['shop.customers', 'shop.orders', 'shop.order_items']) {
      const files = w.files.filter((f) => f.table === table && f.kind === 'cdc' && f.source === 'brand-a');
      const found = files.some((f) => {
        const ops = column(f, 'Op').values;
        const keys = f.columns.filter((c) => c.name === 'id' || c.name === 'order_id' || c.name === 'line_no');
        const keyOf = (r: number) => keys.map((c) => String(c.values[r])).join('|');
        return ops.some(
          (_, r) => ops.slice(r, r + 4).join('') === 'IUUD' && [1, 2, 3].every((d) => keyOf(r + d) === keyOf(r)),
        );
      });
      expect(found, table).toBe(true);
    }
  });

  it('counts LOAD files in hexadecimal when there are more than ten', () => {
    const w = generateWorkload({ seed: 1, fullLoadFiles: 17, sources: ['brand-a'], tables: ['shop.orders'] });
    const names = w.files.filter((f) => f.kind === 'full-load').map((f) => f.key.slice(f.key.lastIndexOf('/') + 1));
    expect(names).toHaveLength(17);
    expect(names).toContain('LOAD00000009.parquet');
    expect(names).toContain('LOAD0000000A.parquet');
    expect(names).toContain('LOAD0000000F.parquet');
    expect(names.at(-1)).toBe('LOAD00000011.parquet');
  });

  it('adds columns by DDL in later files only, last, with NULL for rows written before', () => {
    const w = generateWorkload({ seed: 8 });
    const orders = w.files.filter((f) => f.source === 'brand-a' && f.table === 'shop.orders');
    const wide = orders.map((f) => f.columns.some((c) => c.name === 'coupon_code'));
    const firstWide = wide.indexOf(true);
    expect(firstWide).toBeGreaterThan(0);
    expect(wide.slice(firstWide).every(Boolean)).toBe(true);
    expect(wide.slice(0, firstWide).some(Boolean)).toBe(false);
    const last = orders.at(-1) as WorkloadFile;
    expect(last.columns.slice(-2).map((c) => c.name)).toEqual(['coupon_code', 'loyalty_points']);
    // brand-b never ran the DDL.
    expect(w.files.some((f) => f.source === 'brand-b' && f.columns.some((c) => c.name === 'coupon_code'))).toBe(false);
    const target = w.oracle.find((t) => t.warehouse.name === 'orders');
    const coupons = target?.rows.map((r) => r.coupon_code) ?? [];
    expect(coupons).toContain(null);
    expect(coupons.some((c) => c !== null)).toBe(true);
    expect(target?.rows.filter((r) => r.brand_id === 'brand-b').every((r) => r.coupon_code === null)).toBe(true);
  });

  it('numbers changes with a 35-digit AR_H_CHANGE_SEQ increasing across all tables of a source', () => {
    const w = generateWorkload({ seed: 9 });
    for (const source of ['brand-a', 'brand-b']) {
      // Changes of one minute, all tables, in sequence order, come before the next minute's.
      const seqs = w.files
        .filter((f) => f.source === source && f.kind === 'cdc' && f.columns.some((c) => c.name === 'AR_H_CHANGE_SEQ'))
        .flatMap((f) => column(f, 'AR_H_CHANGE_SEQ').values as string[]);
      expect(seqs.length).toBeGreaterThan(10);
      for (const s of seqs) expect(s).toMatch(/^\d{35}$/);
      expect(new Set(seqs).size).toBe(seqs.length);
    }
    const customers = w.files.filter((f) => f.table === 'shop.customers');
    expect(customers.every((f) => !f.columns.some((c) => c.name === 'AR_H_CHANGE_SEQ'))).toBe(true);
    const loads = w.files.filter((f) => f.table === 'shop.orders' && f.kind === 'full-load');
    expect(loads.every((f) => column(f, 'AR_H_CHANGE_SEQ').values.every((v) => v === null))).toBe(true);
  });

  it('leaves AR_H_CHANGE_SEQ empty in full-load rows when asked, and the oracle keeps what landed', () => {
    const w = generateWorkload({ seed: 9, fullLoadSequence: 'empty' });
    const loads = w.files.filter((f) => f.table === 'shop.order_items' && f.kind === 'full-load');
    expect(loads.every((f) => column(f, 'AR_H_CHANGE_SEQ').values.every((v) => v === ''))).toBe(true);
    const items = w.oracle.find((t) => t.warehouse.name === 'order_items');
    // The frozen edge rows come from the full load and are never changed by CDC.
    expect(items?.rows.filter((r) => r.line_no === '2147483647').map((r) => r.AR_H_CHANGE_SEQ)).toEqual(['', '']);
  });

  it('stamps CDC rows with whole-second commit times that several changes share', () => {
    const w = generateWorkload({ seed: 4 });
    const cdc = w.files.filter((f) => f.kind === 'cdc');
    const stamps = cdc.flatMap((f) => column(f, 'DMS_TIMESTAMP').values as string[]);
    expect(stamps.every((s) => s.endsWith('.000000'))).toBe(true);
    expect(new Set(stamps).size).toBeLessThan(stamps.length);
  });

  it('holds every tricky value in its oracle', () => {
    const w = generateWorkload({ seed: 2 });
    const texts = (table: string, col: string) =>
      w.oracle.filter((t) => t.warehouse.name === table).flatMap((t) => t.rows.map((r) => r[col] ?? null));
    const ids = texts('orders', 'id');
    expect(ids).toContain('18446744073709551615');
    expect(ids.some((id) => id !== null && BigInt(id) > 2n ** 63n - 1n && BigInt(id) < 2n ** 64n - 1n)).toBe(true);
    expect(ids.some((id) => id !== null && BigInt(id) > 2n ** 53n && BigInt(id) < 2n ** 63n)).toBe(true);
    expect(texts('orders', 'total')).toContain('9999999999999999999999999999999999.9999');
    expect(texts('orders', 'exchange_rate')).toContain('-9999999999999999999999999999.9999999999');
    expect(texts('orders', 'revision')).toContain('-9223372036854775808');
    expect(texts('orders', 'ordered_at')).toContain('9999-12-31 23:59:59.999999');
    expect(texts('orders', 'paid_at')).toContain('2038-01-19 03:14:07.999999Z');
    expect(texts('orders', 'ship_date')).toContain('1000-01-01');
    expect(
      texts('orders', 'note').some((n) => n !== null && /[가-힣]/.test(n) && /\p{Extended_Pictographic}/u.test(n)),
    ).toBe(true);
    expect(texts('orders', 'signature').some((b) => b?.includes('00'))).toBe(true);
    expect(texts('orders', 'signature')).toContain('\\x');
    expect(texts('orders', 'meta').some((j) => j?.startsWith('{"level": 29'))).toBe(true);
    expect(texts('order_items', 'tax')).toContain('-9999999999999.99');
    expect(texts('customers', 'is_vip')).toEqual(expect.arrayContaining(['-128', '127', '0', '1']));
    expect(texts('customers', 'newsletter')).toEqual(expect.arrayContaining(['true', 'false']));
    for (const t of w.oracle) {
      const nullable = t.columns.filter(
        (c) => !['brand_id', 'DMS_TIMESTAMP', 'id', 'order_id', 'line_no', 'name', 'status'].includes(c.name),
      );
      for (const c of nullable) {
        if (['created_at', 'ordered_at'].includes(c.name)) continue; // NOT NULL in the source
        expect(
          t.rows.some((r) => r[c.name] === null),
          `${t.warehouse.name}.${c.name}`,
        ).toBe(true);
      }
    }
  });

  it('writes mappings in the documented format', () => {
    const w = generateWorkload({ seed: 1, deletes: 'hard' });
    expect(w.mappings[1]).toEqual({
      source: 'brand-b',
      prefix: 'dms/brand-b/',
      tenant: { column: 'brand_id', value: 'brand-b' },
      timestampColumn: 'DMS_TIMESTAMP',
      tables: {
        'shop.customers': {
          primaryKey: ['id'],
          warehouse: { schema: 'analytics', table: 'customers', deletes: 'hard' },
          speedLayer: { table: 'customers' },
          columns: { wallClock: ['created_at'] },
        },
        'shop.orders': {
          primaryKey: ['id'],
          warehouse: { schema: 'analytics', table: 'orders', deletes: 'hard' },
          speedLayer: { table: 'orders' },
          columns: { wallClock: ['ordered_at'] },
          sequenceColumn: 'AR_H_CHANGE_SEQ',
        },
        'shop.order_items': {
          primaryKey: ['order_id', 'line_no'],
          warehouse: { schema: 'analytics', table: 'order_items', deletes: 'hard' },
          speedLayer: { table: 'order_items' },
          sequenceColumn: 'AR_H_CHANGE_SEQ',
        },
      },
    });
    const separate = generateWorkload({ seed: 1, consolidated: false });
    expect(separate.mappings[0]?.tenant).toBeUndefined();
    expect(separate.mappings[0]?.tables['shop.orders']?.warehouse).toEqual({
      schema: 'raw_brand_a',
      table: 'orders',
      deletes: 'soft',
    });
    expect(separate.mappings[0]?.tables['shop.orders']?.speedLayer).toEqual({ table: 'brand_a_orders' });
    expect(separate.oracle).toHaveLength(6);
  });

  it('describes each consolidated target with the tenant first in its key', () => {
    const w = generateWorkload({ seed: 1 });
    const items = w.oracle.find((t) => t.warehouse.name === 'order_items');
    expect(items?.warehouse).toEqual({
      id: 'brand-a:shop.order_items',
      namespace: 'analytics',
      name: 'order_items',
      deletes: 'soft',
      keyColumns: ['brand_id', 'order_id', 'line_no'],
    });
    expect(items?.speedLayer).toMatchObject({ namespace: undefined, name: 'order_items', deletes: 'hard' });
    expect(items?.sources).toEqual(['brand-a:shop.order_items', 'brand-b:shop.order_items']);
    expect(items?.columns.map((c) => c.name).slice(0, 3)).toEqual(['brand_id', 'DMS_TIMESTAMP', 'order_id']);
    expect(items?.columns.find((c) => c.name === 'DMS_TIMESTAMP')?.type).toEqual({
      kind: 'timestamp',
      precision: 6,
      utc: true,
    });
    expect(new Set(items?.rows.map((r) => r.brand_id))).toEqual(new Set(['brand-a', 'brand-b']));
  });

  it('puts CDC files under date folders when asked, and keeps LOAD files in the table folder', () => {
    const w = generateWorkload({ seed: 1, datePartitioned: true });
    const folders = new Set(w.files.filter((f) => f.kind === 'cdc').map((f) => f.key.split('/').slice(4, 7).join('/')));
    // The default start, 23:54, makes CDC cross midnight.
    expect(folders).toEqual(new Set(['2026/11/22', '2026/11/23']));
    expect(w.files.filter((f) => f.kind === 'full-load').every((f) => f.key.split('/').length === 5)).toBe(true);
  });

  it.each<[Partial<WorkloadOptions>, RegExp]>([
    [{ seed: 1.5 }, /seed must be a safe integer/],
    [{ rows: 0 }, /rows must be a positive integer/],
    [{ sources: [] }, /at least one source/],
    [{ sources: ['Brand A'] }, /source "Brand A" must be lowercase/],
    [{ sources: ['a', 'a'] }, /must not repeat/],
    [{ tables: [] }, /at least one table/],
    [{ tables: ['shop.nope' as never] }, /unknown table "shop.nope"/],
    [{ sequenceTables: ['x.y' as never] }, /unknown table "x.y"/],
    [{ deletes: 'maybe' as never }, /deletes must be "soft" or "hard"/],
    [{ fullLoadSequence: 'zero' as never }, /fullLoadSequence must be "null" or "empty"/],
    [{ fullLoadFiles: 0 }, /fullLoadFiles must be a positive integer/],
    [{ fullLoadShare: 2 }, /fullLoadShare must be between 0 and 1/],
    [{ minutes: 0 }, /minutes must be a positive integer/],
    [{ start: '2026-11-22T23:54:30Z' }, /start must be an ISO time on a whole minute/],
    [{ start: 'yesterday' }, /start must be an ISO time/],
  ])('refuses bad options with a clear message (%o)', (bad, message) => {
    expect(() => generateWorkload({ seed: 1, ...bad })).toThrow(message);
  });
});
