import type { ColumnSpec } from '@ferry/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openSpeedLayer } from '../src/index.js';
import { fileOf, freshTable, I } from './changes.js';
import { dialectFactories, POSTGRES_URL } from './dialectFactories.js';

const idv: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
  { name: 'v', type: { kind: 'string' } },
];

import { speedLayerSuite } from './speedLayerSuite.js';

speedLayerSuite(dialectFactories.postgres);

describe('postgres from a URL', () => {
  it('opens its own pool from postgres:// and postgresql:// URLs and ends it on close', async () => {
    const schema = `ferry_test_url_${process.pid}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      for (const scheme of ['postgres', 'postgresql']) {
        const url = new URL(POSTGRES_URL.replace(/^postgres(ql)?:/, `${scheme}:`));
        url.searchParams.set('options', `-c search_path=${schema}`);
        const sink = await openSpeedLayer(url.toString());
        expect(sink.dialect).toBe('postgres');
        const t = freshTable();
        await sink.applyFiles(t, [fileOf(`f-${scheme}`, idv, [I(1, { id: 1n, v: scheme })])]);
        expect(await sink.readRows(t, idv)).toEqual([{ id: '1', v: scheme }]);
        await sink.close();
      }
      const tables = await admin.query(
        'SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1',
        [schema],
      );
      expect(tables.rows[0].n).toBe(6); // two mapped tables and ferry's four
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });
});
