import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileByteSource, openDmsParquet, parseDmsKey } from '../src/index.js';
import { expectMatchesDuckDb } from './support/expectMatchesDuckDb.js';
import { readAll } from './support/readAll.js';

// The real AWS DMS output (FACTS.md §1): legacy converted types only, FLBA decimals, uncompressed.
const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/dms/real-postgres-LOAD00000001.parquet', import.meta.url),
);
const file = parseDmsKey('dms/pg/public/dms_test_table/LOAD00000001.parquet', { source: 'pg', prefix: 'dms/pg/' });

async function open() {
  const source = await fileByteSource(FIXTURE);
  const parquet = await openDmsParquet(source, file, { timestampColumns: ['DMS_TIMESTAMP'] });
  return { parquet, batches: await readAll(parquet), close: () => source.close() };
}

describe('the real DMS file (real-postgres-LOAD00000001.parquet)', () => {
  it('has the schema DMS wrote, typed exactly', async () => {
    const { parquet, close } = await open();
    await close();
    expect(parquet.rowCount).toBe(10);
    expect(parquet.rowGroupCount).toBe(1);
    expect(parquet.columns).toEqual([
      { name: 'DMS_TIMESTAMP', type: { kind: 'timestamp', precision: 6, utc: true } },
      { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
      { name: 'my_int', type: { kind: 'int', bits: 32, signed: true } },
      { name: 'my_smallint', type: { kind: 'int', bits: 16, signed: true } },
      { name: 'my_numeric', type: { kind: 'decimal', precision: 15, scale: 2 } },
      { name: 'my_real', type: { kind: 'float', bits: 32 } },
      { name: 'my_double', type: { kind: 'float', bits: 64 } },
      { name: 'my_money', type: { kind: 'decimal', precision: 38, scale: 4 } },
      { name: 'my_varchar', type: { kind: 'string' } },
      { name: 'my_text', type: { kind: 'string' } },
      { name: 'my_bytea', type: { kind: 'bytes' } },
      { name: 'my_timestamp', type: { kind: 'timestamp', precision: 3, utc: true } },
      { name: 'my_uuid', type: { kind: 'string' } },
      { name: 'my_json', type: { kind: 'string' } },
      { name: 'my_jsonb', type: { kind: 'string' } },
      { name: 'my_bool', type: { kind: 'boolean' } },
    ]);
  });

  it('reads every value exactly as DuckDB does (decimals, money, bytea, millis, DMS_TIMESTAMP)', async () => {
    const { batches, close } = await open();
    await close();
    const compared = await expectMatchesDuckDb(FIXTURE, batches, ['DMS_TIMESTAMP']);
    expect(compared).toBe(160);
  });

  it('keeps the digits a JS number would lose and the bytes a text decode would change', async () => {
    const { batches, close } = await open();
    await close();
    const [batch] = batches;
    const column = (name: string) => batch!.values[batch!.columns.findIndex((c) => c.name === name)]!;
    expect(column('my_money')[0]).toBe('47632969758.5400');
    expect(column('my_numeric')[0]).toBe('1427131847.59');
    expect(column('my_bytea')[0]).toEqual(new TextEncoder().encode('whthctcu'));
    expect(column('my_timestamp')[0]).toBe(1635694452458000n);
    expect(column('DMS_TIMESTAMP')[0]).toBe(1658817978616807n);
  });

  it('treats a full load without Op as inserts positioned by file ordinal and row', async () => {
    const { batches, close } = await open();
    await close();
    const [batch] = batches;
    expect(batch!.ops).toEqual(Array(10).fill('I'));
    expect(batch!.positions[0]).toBe(`0${'0'.repeat(35)}000000000000000001${'0'.repeat(12)}`);
    expect(batch!.positions[9]).toBe(`0${'0'.repeat(35)}000000000000000001${'9'.padStart(12, '0')}`);
  });

  it('reads DMS_TIMESTAMP as a string when it is not configured as a timestamp column', async () => {
    const source = await fileByteSource(FIXTURE);
    const parquet = await openDmsParquet(source, file, {});
    const [batch] = await readAll(parquet);
    await source.close();
    expect(parquet.columns[0]).toEqual({ name: 'DMS_TIMESTAMP', type: { kind: 'string' } });
    expect(batch!.values[0]![0]).toBe('2022-07-26 06:46:18.616807');
  });
});
