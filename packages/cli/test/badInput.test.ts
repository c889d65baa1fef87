import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Sink } from '@ferry/core';
import { loadMappings, type Mappings } from '@ferry/mappings';
import { pgliteSpeedLayer } from '@ferry/speed-layer';
import {
  generateWorkload,
  sortRows,
  type Workload,
  type WorkloadFile,
  writeDmsParquet,
  writeWorkload,
} from '@ferry/testkit';
import { DuckDbWarehouse } from '@ferry/warehouse/duckdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FileStore, localFileStore, type RunSummary, runOnce } from '../src/index.js';

/**
 * Hostile files dropped among a good workload. Each is named after every real file of its table, so the good
 * files alone make the oracle: whatever a bad file holds must not land, and nothing else may be held back.
 */
const ORDERS = 'dms/brand-a/shop/orders';
const bad = {
  garbage: `${ORDERS}/20990101-000000001.parquet`,
  truncated: `${ORDERS}/20990101-000000002.parquet`,
  empty: `${ORDERS}/20990101-000000003.parquet`,
  missingKey: `${ORDERS}/20990101-000000004.parquet`,
  nullKey: `${ORDERS}/20990101-000000005.parquet`,
  badOp: `${ORDERS}/20990101-000000006.parquet`,
  typeChange: 'dms/brand-a/shop/customers/20990101-000000007.parquet',
} as const;
const notDms = `${ORDERS}/notes.txt`;
const unmapped = 'dms/brand-a/shop/audit_log/LOAD00000001.parquet';

describe('ferry run with bad input among good files', () => {
  let dir: string;
  let workload: Workload;
  let mappings: Mappings;
  let store: FileStore;
  let warehouse: Sink;
  let speedLayer: Sink;
  let first: RunSummary;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ferry-bad-'));
    workload = generateWorkload({ seed: 42, rows: 200, minutes: 3, consolidated: false });
    const written = await writeWorkload(workload, dir);
    mappings = await loadMappings(written.mappingsDir as string);
    await writeHostileFiles(dir, workload);
    store = localFileStore(dir);
    warehouse = await DuckDbWarehouse.open(':memory:');
    speedLayer = await pgliteSpeedLayer('memory');
    first = await runOnce({ mappings, files: store, sinks: { warehouse, speedLayer }, maskKey: 'k' });
  });
  afterAll(async () => {
    await warehouse?.close();
    await speedLayer?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const reasonFor = (summary: RunSummary, key: string, sink: 'warehouse' | 'speedLayer') =>
    summary.tables.flatMap((t) => t.failures).find((f) => f.fileKey === key && f.sink === sink)?.reason;

  it('fails the run, naming exactly the bad files', () => {
    expect(first.ok).toBe(false);
    const failed = new Set([...first.invalid, ...first.tables.flatMap((t) => t.failures)].map((f) => f.fileKey));
    expect([...failed].sort()).toEqual([...Object.values(bad), notDms].sort());
  });

  it.each([
    ['garbage', /not a parquet file/i],
    ['truncated', /truncated|not a parquet file|corrupt/i],
    ['empty', /empty|zero|not a parquet file/i],
    ['missingKey', /primary[- ]key column "id"|"id".*missing|missing.*"id"/i],
    ['nullKey', /row \d+.*NULL|NULL.*row \d+/i],
    ['badOp', /row 2.*Op|Op.*"X"/i],
  ] as const)('names the %s file and the reason, for both sinks', (name, reason) => {
    for (const sink of ['warehouse', 'speedLayer'] as const) {
      const message = reasonFor(first, bad[name], sink);
      expect(message, `${name} in ${sink}`).toMatch(reason);
      expect(message).toContain(bad[name]);
    }
  });

  it('stops the table whose column type no longer fits, with the column in the reason', () => {
    for (const sink of ['warehouse', 'speedLayer'] as const) {
      expect(reasonFor(first, bad.typeChange, sink)).toMatch(/column "balance"/);
    }
  });

  it('reports a key that is not a DMS layout as invalid, and an unmapped table as skipped', () => {
    expect(first.invalid.map((f) => f.fileKey)).toEqual([notDms]);
    expect(first.invalid[0]?.reason).toContain(notDms);
    expect(first.skipped).toContainEqual({
      key: unmapped,
      reason: expect.stringMatching(/shop\.audit_log is not mapped/),
    });
  });

  it('lands every good file: both sinks equal the oracle', async () => {
    await expectOracle();
  });

  it('a second run commits nothing twice and loses nothing', async () => {
    const again = await runOnce({ mappings, files: store, sinks: { warehouse, speedLayer }, maskKey: 'k' });
    for (const t of again.tables) {
      expect(t.sinks.warehouse?.filesCommitted ?? []).toEqual([]);
      expect(t.sinks.speedLayer?.filesCommitted ?? []).toEqual([]);
    }
    expect(again.tables.flatMap((t) => t.failures).length).toBe(first.tables.flatMap((t) => t.failures).length);
    await expectOracle();
  });

  async function expectOracle() {
    for (const table of workload.oracle) {
      const w = await warehouse.readRows(table.warehouse, table.columns);
      expect(sortRows(w, table.warehouse.keyColumns), table.warehouse.name).toEqual(table.rows);
      const s = await speedLayer.readRows(table.speedLayer, table.columns);
      expect(sortRows(s, table.speedLayer.keyColumns), table.speedLayer.name).toEqual(table.rows);
    }
  }
});

async function writeHostileFiles(dir: string, workload: Workload): Promise<void> {
  const at = (key: string) => join(dir, ...key.split('/'));
  const cdc = lastCdc(workload, 'brand-a', 'shop.orders');
  const write = async (key: string, bytes: Uint8Array | string) => {
    await mkdir(dirname(at(key)), { recursive: true });
    await writeFile(at(key), bytes);
  };
  const realBytes = await readFile(at(cdc.key));

  await write(bad.garbage, 'this is a CSV,not parquet\n1,2\n');
  await write(bad.truncated, realBytes.subarray(0, Math.floor(realBytes.length / 2)));
  await write(bad.empty, new Uint8Array());
  await writeDmsParquet(
    at(bad.missingKey),
    cdc.columns.filter((c) => c.name !== 'id'),
  );
  await writeDmsParquet(
    at(bad.nullKey),
    cdc.columns.map((c) => (c.name === 'id' ? { ...c, values: c.values.map((v, i) => (i === 1 ? null : v)) } : c)),
  );
  await writeDmsParquet(
    at(bad.badOp),
    cdc.columns.map((c) => (c.name === 'Op' ? { ...c, values: c.values.map((v, i) => (i === 2 ? 'X' : v)) } : c)),
  );
  await write(notDms, 'hello');
  await writeDmsParquet(
    at(unmapped),
    lastCdc(workload, 'brand-a', 'shop.orders').columns.filter((c) => c.name !== 'Op'),
  );

  // balance is decimal(38,4) in every real file; here DMS suddenly writes it as text.
  const customers = lastCdc(workload, 'brand-a', 'shop.customers');
  await writeDmsParquet(
    at(bad.typeChange),
    customers.columns.map((c) =>
      c.name === 'balance'
        ? {
            name: c.name,
            element: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
            values: c.values.map((v) => (v === null ? null : String(v))),
          }
        : c,
    ),
  );
}

function lastCdc(workload: Workload, source: string, table: string): WorkloadFile {
  const files = workload.files.filter(
    (f) => f.source === source && f.table === table && f.kind === 'cdc' && f.rowCount >= 3,
  );
  const file = files.at(-1);
  if (!file) throw new Error(`the workload has no CDC file of ${source} ${table} with 3 rows`);
  return file;
}
