import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalText } from '@ferry/core';
import { fileByteSource, openDmsParquet, parseDmsKey } from '@ferry/dms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkloadOptions } from '../src/index.js';
import { generateWorkload, writeWorkload } from '../src/index.js';

// A second, independent reader of the generated files: ferry's own DMS reader must see exactly the values
// and types the workload says it wrote.

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferry-testkit-dms-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function compare(name: string, options: WorkloadOptions, only: (kind: 'full-load' | 'cdc') => boolean) {
  const w = generateWorkload(options);
  const written = await writeWorkload(w, join(root, name), { mappingsDir: false });
  let cells = 0;
  for (const f of w.files.filter((x) => only(x.kind))) {
    const mapping = w.mappings.find((m) => m.source === f.source);
    const entry = mapping?.tables[f.table];
    if (mapping === undefined || entry === undefined) throw new Error(`no mapping for ${f.key}`);
    const parquet = await openDmsParquet(await fileByteSource(join(written.dir, f.key)), parseDmsKey(f.key, mapping), {
      ...(entry.sequenceColumn === undefined ? {} : { sequenceColumn: entry.sequenceColumn }),
      timestampColumns: [mapping.timestampColumn],
      wallClockColumns: entry.columns?.wallClock ?? [],
    });
    const expected = f.columns.filter((c) => c.name !== 'Op');
    expect(parquet.columns, f.key).toEqual(expected.map((c) => ({ name: c.name, type: c.type })));
    for await (const batch of parquet.rowGroups()) {
      expect(batch.ops, f.key).toEqual(
        f.kind === 'cdc'
          ? f.columns.find((c) => c.name === 'Op')?.values.slice(batch.firstRow, batch.firstRow + batch.rowCount)
          : Array(batch.rowCount).fill('I'),
      );
      batch.columns.forEach((spec, c) => {
        const mine = expected[c];
        const got = batch.values[c]?.map((v) => canonicalText(spec.type, v));
        const want = mine?.values
          .slice(batch.firstRow, batch.firstRow + batch.rowCount)
          .map((v) => (mine.name === mapping.timestampColumn ? `${v as string}Z` : canonicalText(mine.type, v)));
        expect(got, `${f.key} ${spec.name}`).toEqual(want);
        cells += batch.rowCount;
      });
    }
  }
  return cells;
}

describe('generated files read by @ferry/dms', () => {
  it('hold exactly the workload values and types (gzip, small row groups, no sequence column)', async () => {
    const cells = await compare(
      'plain',
      { seed: 31, rows: 500, sequenceTables: [], parquet: { rowGroupSize: 50, compression: 'gzip' } },
      () => true,
    );
    expect(cells).toBeGreaterThan(5_000);
  });

  it('hold exactly the workload values and types in date-partitioned CDC files with AR_H_CHANGE_SEQ', async () => {
    const cells = await compare(
      'seq',
      { seed: 32, rows: 500, datePartitioned: true, parquet: { compression: 'snappy', dictionary: true } },
      (k) => k === 'cdc',
    );
    expect(cells).toBeGreaterThan(2_000);
  });
});
