import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalText } from '@ferry/core';
import { bytesByteSource, openDmsParquet, parseDmsKey } from '@ferry/dms';
import { describe, expect, it } from 'vitest';
import type { DemoFile, DemoWriterOptions, MappingJson } from '../src/index.js';
import { DemoDmsWriter, generateWorkload, writeDemoTick } from '../src/index.js';
import { type FileRows, replay } from './replay.js';

const START = '2026-11-22T23:59:58Z';
const CDC_NAME = /^\d{8}-\d{9}\.parquet$/;

function writer(extra: Partial<DemoWriterOptions> = {}): DemoDmsWriter {
  return new DemoDmsWriter({ seed: 3, rowsPerTick: 40, start: START, ...extra });
}

function ticks(w: DemoDmsWriter, n: number): DemoFile[][] {
  return Array.from({ length: n }, () => w.tick());
}

function fileName(f: DemoFile): string {
  return f.key.slice(f.key.lastIndexOf('/') + 1);
}

/** Reads a demo file back with ferry's DMS reader, every value as canonical text (the replay's input). */
async function decode(f: DemoFile, mappings: readonly MappingJson[]): Promise<FileRows> {
  const mapping = mappings.find((m) => m.source === f.source);
  const entry = mapping?.tables[f.table];
  if (mapping === undefined || entry === undefined) throw new Error(`no mapping for ${f.key}`);
  const parquet = await openDmsParquet(bytesByteSource(f.body), parseDmsKey(f.key, mapping), {
    ...(entry.sequenceColumn === undefined ? {} : { sequenceColumn: entry.sequenceColumn }),
    timestampColumns: [mapping.timestampColumn],
    wallClockColumns: entry.columns?.wallClock ?? [],
  });
  const rows: Record<string, string | null>[] = [];
  for await (const batch of parquet.rowGroups()) {
    for (let r = 0; r < batch.rowCount; r++) {
      const row: Record<string, string | null> = { Op: batch.ops[r] ?? null };
      batch.columns.forEach((spec, c) => {
        row[spec.name] = canonicalText(spec.type, batch.values[c]?.[r] ?? null);
      });
      rows.push(row);
    }
  }
  expect(rows, f.key).toHaveLength(f.rows);
  return { key: f.key, source: f.source, table: f.table, kind: f.kind, rows };
}

async function expectOracleIsReplay(w: DemoDmsWriter, files: readonly DemoFile[]): Promise<void> {
  const decoded = await Promise.all(files.map((f) => decode(f, w.mappings)));
  const oracle = w.oracle();
  const replayed = replay(decoded, w.mappings, oracle);
  for (const target of oracle) expect(replayed.get(target), target.warehouse.id).toEqual(target.rows);
}

describe('DemoDmsWriter', () => {
  it('is deterministic by seed: same seed and start, same keys and bytes; another seed, other bytes', () => {
    const digest = (w: DemoDmsWriter) =>
      ticks(w, 15)
        .flat()
        .map((f) => `${f.key} ${createHash('sha256').update(f.body).digest('hex')}`);
    const a = digest(writer());
    expect(digest(writer())).toEqual(a);
    expect(digest(writer({ seed: 4 }))).not.toEqual(a);
  });

  it('writes the full load first, then CDC files with unique, increasing names that follow the simulated clock', () => {
    const w = writer({ tickMillis: 250 });
    const [load, ...cdc] = ticks(w, 40);
    expect(load?.map((f) => f.key)).toEqual(
      ['brand-a', 'brand-b'].flatMap((s) =>
        ['customers', 'orders', 'order_items'].map((t) => `dms/${s}/shop/${t}/LOAD00000001.parquet`),
      ),
    );
    expect(load?.every((f) => f.kind === 'full-load')).toBe(true);
    const names = cdc.flat().map(fileName);
    expect(cdc.flat().every((f) => f.kind === 'cdc')).toBe(true);
    for (const n of names) expect(n).toMatch(CDC_NAME);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    // Tick k (the full load is tick 0) is named after its end: start + (k + 1) · tickMillis, crossing midnight.
    expect(fileName(cdc[0]?.[0] as DemoFile)).toBe('20261122-235958500.parquet');
    expect(fileName(cdc[38]?.[0] as DemoFile)).toBe('20261123-000008000.parquet');
    expect(w.ticks).toBe(40);
    expect(w.rowsWritten).toBe([load ?? [], ...cdc].flat().reduce((s, f) => s + f.rows, 0));
  });

  it('writes rowsPerTick changes each tick, each source and table its weighted share within ±1', () => {
    for (const rowsPerTick of [1, 7, 37]) {
      const w = writer({ rowsPerTick });
      const [, ...cdc] = ticks(w, 60);
      const share = { 'shop.customers': 0.125, 'shop.orders': 0.2, 'shop.order_items': 0.175 };
      for (const files of cdc) {
        expect(files.reduce((s, f) => s + f.rows, 0)).toBe(rowsPerTick);
        for (const source of ['brand-a', 'brand-b']) {
          for (const [table, part] of Object.entries(share)) {
            const rows = files.find((f) => f.source === source && f.table === table)?.rows ?? 0;
            expect(Math.abs(rows - rowsPerTick * part)).toBeLessThan(1);
          }
        }
      }
    }
  });

  it('adds a column now and then: later files of that table have it, last, and so does the oracle', async () => {
    const w = writer({ addColumnEveryTicks: 4 });
    const before = ticks(w, 4).flat();
    expect(
      w
        .oracle()
        .find((t) => t.warehouse.name === 'orders')
        ?.columns.map((c) => c.name),
    ).not.toContain('coupon_code');
    const after = ticks(w, 76).flat();
    const files = [...before, ...after];
    const orders = files.filter((f) => f.source === 'brand-a' && f.table === 'shop.orders');
    const decoded = await Promise.all(orders.map((f) => decode(f, w.mappings)));
    const wide = decoded.map((f) => 'coupon_code' in (f.rows[0] ?? {}));
    const firstWide = wide.indexOf(true);
    expect(firstWide).toBeGreaterThan(1);
    expect(wide.slice(firstWide).every(Boolean)).toBe(true);
    expect(Object.keys(decoded.at(-1)?.rows[0] ?? {}).slice(-3)).toEqual([
      'coupon_code',
      'loyalty_points',
      'gift_message',
    ]);
    // Every DDL has run by now: each table of each source has all its extra columns.
    const columns = (name: string) =>
      w
        .oracle()
        .find((t) => t.warehouse.name === name)
        ?.columns.map((c) => c.name);
    expect(columns('orders')?.slice(-3)).toEqual(['coupon_code', 'loyalty_points', 'gift_message']);
    expect(columns('customers')?.slice(-2)).toEqual(['referral_code', 'points']);
    expect(columns('order_items')?.slice(-2)).toEqual(['gift_wrap', 'returned_at']);
    const coupons =
      w
        .oracle()
        .find((t) => t.warehouse.name === 'orders')
        ?.rows.map((r) => r.coupon_code) ?? [];
    expect(coupons).toContain(null);
    expect(coupons.some((c) => c !== null)).toBe(true);
    await expectOracleIsReplay(w, files);
  });

  it('keeps memory bounded: the live set stays under its cap and the kept keys stop growing', () => {
    const w = writer({ rowsPerTick: 60, fullLoadRows: 60, liveRows: 150 });
    const sizes: number[] = [];
    for (let i = 0; i < 500; i++) {
      w.tick();
      if (i % 10 === 0) sizes.push(w.oracle().reduce((s, t) => s + t.rows.length, 0));
    }
    expect(w.liveRowCap).toBeLessThan(170);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(w.liveRowCap);
    // Deletes keep it stable near the cap rather than shrinking it away.
    expect(Math.min(...sizes.slice(10))).toBeGreaterThan(w.liveRowCap / 2);
    // Deleted keys that may come back (256 per table at most, kept up to twice that between trims) and line
    // counters of live orders: a bound that does not depend on the number of ticks.
    expect(w.trackedKeys).toBeLessThan(2 * 3 * 2 * 256 + w.liveRowCap);
    expect(w.rowsWritten).toBeGreaterThan(29_000);
  });

  it.each<Partial<DemoWriterOptions>>([
    {},
    { deletes: 'hard', consolidated: false, addColumnEveryTicks: 5 },
    { sources: ['solo'], tables: ['shop.order_items'], rowsPerTick: 3, sequenceTables: [] },
    { sequenceTables: ['shop.customers'], rowsPerTick: 90, liveRows: 60, parquet: { compression: 'gzip' } },
  ])('has an oracle equal to a replay of the files written so far, at every stage (%o)', async (extra) => {
    const w = writer({ addColumnEveryTicks: 7, ...extra });
    const files: DemoFile[] = [];
    for (const n of [1, 11, 18]) {
      files.push(...ticks(w, n).flat());
      await expectOracleIsReplay(w, files);
    }
  });

  it('holds the tricky values in its oracle, and mappings shaped like generateWorkload’s', () => {
    const w = writer();
    ticks(w, 20);
    const texts = (table: string, col: string) =>
      w
        .oracle()
        .filter((t) => t.warehouse.name === table)
        .flatMap((t) => t.rows.map((r) => r[col] ?? null));
    expect(texts('orders', 'id')).toContain('18446744073709551615');
    expect(texts('orders', 'id').some((id) => id !== null && BigInt(id) > 2n ** 63n)).toBe(true);
    expect(texts('orders', 'total')).toContain('9999999999999999999999999999999999.9999');
    expect(texts('orders', 'ordered_at')).toContain('9999-12-31 23:59:59.999999');
    expect(texts('customers', 'name').some((n) => n !== null && /[가-힣]/.test(n))).toBe(true);
    expect(texts('orders', 'signature').some((b) => b?.includes('00'))).toBe(true);
    expect(w.mappings).toEqual(generateWorkload({ seed: 3 }).mappings);
    expect(new DemoDmsWriter({ seed: 1, rowsPerTick: 1, consolidated: false }).mappings).toEqual(
      generateWorkload({ seed: 1, consolidated: false }).mappings,
    );
  });

  it('defaults its clock to now, floored to the second', () => {
    const before = Date.now();
    const w = new DemoDmsWriter({ seed: 1, rowsPerTick: 5 });
    w.tick();
    const name = fileName(w.tick()[0] as DemoFile);
    const m = /^(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(\d{3})/.exec(name);
    const [, y, mo, d, h, mi, s, ms] = (m ?? []).map(Number);
    const written = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, ms);
    expect(written % 1000).toBe(0);
    // The first CDC tick is named after its end: start + 2 s.
    expect(written - 2000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(written - 2000).toBeLessThanOrEqual(Date.now());
  });

  it('writes a tick under a folder in the landing-bucket layout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ferry-demo-'));
    try {
      const w = writer();
      const files = w.tick();
      const paths = await writeDemoTick(files, dir);
      expect(paths).toEqual(files.map((f) => join(dir, ...f.key.split('/'))));
      expect(await readFile(paths[0] as string)).toEqual(Buffer.from(files[0]?.body as Uint8Array));
      expect((await readdir(join(dir, 'dms'))).sort()).toEqual(['brand-a', 'brand-b']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each<[Partial<DemoWriterOptions>, RegExp]>([
    [{ rowsPerTick: 0 }, /rowsPerTick must be an integer ≥ 1/],
    [{ tickMillis: 0.5 }, /tickMillis must be an integer ≥ 1/],
    [{ addColumnEveryTicks: -1 }, /addColumnEveryTicks must be an integer ≥ 0/],
    [{ sources: ['Brand A'] }, /source "Brand A" must be lowercase/],
    [{ tables: ['shop.nope' as never] }, /unknown table "shop.nope"/],
    [{ start: 'yesterday' }, /start must be an ISO time/],
  ])('refuses bad options with a clear message (%o)', (bad, message) => {
    expect(() => writer(bad)).toThrow(message);
  });
});
