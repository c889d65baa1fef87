import { type ColumnSpec, SchemaChangeError, SinkUnavailableError } from '@ferry/core';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mysqlKeyLengths, mysqlSpeedLayer } from '../src/index.js';
import { fileOf, freshTable, I } from './changes.js';
import { dialectFactories, MYSQL_URL, type SpeedLayerUnderTest } from './dialectFactories.js';
import { speedLayerSuite } from './speedLayerSuite.js';

speedLayerSuite(dialectFactories.mysql);

describe('mysql specifics', () => {
  let under: SpeedLayerUnderTest;
  beforeAll(async () => {
    under = await dialectFactories.mysql.open();
  });
  afterAll(async () => {
    await under?.dispose();
  });

  it('refuses a ready pool that counts found rows (upsert counts would be wrong)', async () => {
    const pool = mysql.createPool(MYSQL_URL); // mysql2's default flags include FOUND_ROWS
    try {
      expect(() => mysqlSpeedLayer(pool)).toThrow(/CLIENT_FOUND_ROWS/);
    } finally {
      await pool.end();
    }
  });

  it('refuses a decimal wider than MySQL DECIMAL holds with SchemaChangeError', async () => {
    const t = freshTable();
    const cols: ColumnSpec[] = [
      { name: 'id', type: { kind: 'int', bits: 32, signed: true } },
      { name: 'wide', type: { kind: 'decimal', precision: 70, scale: 2 } },
    ];
    const failure = under.sink.applyFiles(t, [fileOf('f1', cols, [I(1, { id: 1, wide: '1.00' })])]);
    await expect(failure).rejects.toBeInstanceOf(SchemaChangeError);
    await expect(failure).rejects.toThrow(/column "wide" is decimal\(70,2\)/);
  });

  it(`fails loudly, writing nothing, on a text key longer than ${mysqlKeyLengths.string} characters`, async () => {
    const t = freshTable(['k']);
    const cols: ColumnSpec[] = [{ name: 'k', type: { kind: 'string' } }];
    const long = 'ㄱ'.repeat(mysqlKeyLengths.string + 1);
    const failure = under.sink.applyFiles(t, [fileOf('f1', cols, [I(1, { k: 'ok' }), I(2, { k: long })])]);
    await expect(failure).rejects.toThrow(/too long/i);
    await expect(failure).rejects.not.toBeInstanceOf(SinkUnavailableError);
    expect(await under.sink.readRows(t, cols)).toEqual([]);
  });
});
