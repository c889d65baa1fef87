import type { BackfillReport } from '@ferry/ops';
import { describe, expect, it } from 'vitest';
import { backfillOutput } from '../src/ops/backfillOutput.js';

const report: BackfillReport = {
  bucket: 'landing',
  dryRun: true,
  files: [
    {
      file: {
        key: 'dms/a/shop/orders/LOAD00000001.parquet',
        source: 'a',
        table: { schema: 'shop', table: 'orders' },
        kind: 'full-load',
        format: 'parquet',
        gzip: false,
        fileName: 'LOAD00000001.parquet',
        ordinal: '000000000000000001',
      },
      table: 'a:shop.orders',
      size: 10,
      eTag: 'e1',
      lastModified: undefined,
      queues: ['warehouse', 'stream'],
    },
  ],
  tables: [{ table: 'a:shop.orders', fullLoadFiles: 1, cdcFiles: 0, bytes: 10, warehouse: 1, stream: 1 }],
  skipped: [{ key: 'dms/a/x.txt', reason: 'not a DMS file' }],
  outsideWindow: 2,
  sent: { warehouse: 0, stream: 0 },
};

describe('ferry backfill output', () => {
  it('JSON lines: each file on a dry run, each table, each skipped object, then a summary', () => {
    const lines = backfillOutput(report, true)
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.type)).toEqual(['file', 'table', 'skipped', 'summary']);
    expect(lines[0]).toMatchObject({ key: 'dms/a/shop/orders/LOAD00000001.parquet', queues: ['warehouse', 'stream'] });
    expect(lines[3]).toEqual({
      type: 'summary',
      bucket: 'landing',
      dryRun: true,
      files: 1,
      sent: { warehouse: 0, stream: 0 },
      skipped: 1,
      outsideWindow: 2,
    });
  });

  it('a terminal gets tables and says that a dry run sent nothing', () => {
    const text = backfillOutput(report, false);
    expect(text).toContain('dms/a/shop/orders/LOAD00000001.parquet  full-load  10     warehouse+stream');
    expect(text).toMatch(/a:shop\.orders\s+1\s+0\s+10\s+1\s+1/);
    expect(text).toContain('  dms/a/x.txt: not a DMS file');
    expect(text).toContain('s3://landing: dry run: would send 1 file(s); nothing was sent (2 outside --since/--until)');
  });
});
