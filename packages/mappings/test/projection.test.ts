import {
  type ChangeBatch,
  type ColumnSpec,
  type ColumnValue,
  type DmsFile,
  DmsFileError,
  FerryError,
} from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { parseMappings, projectChanges, projectColumns, type TableMapping } from '../src/index.js';
import { exampleMapping } from './exampleMapping.js';

const file: DmsFile = {
  key: 'dms/brand-a/shop/orders/20221023-013830913.parquet',
  source: 'brand-a',
  table: { schema: 'shop', table: 'orders' },
  kind: 'cdc',
  format: 'parquet',
  gzip: false,
  fileName: '20221023-013830913.parquet',
  ordinal: '202210230138309130',
  fileTime: '2022-10-23T01:38:30.913Z',
};

const columns: ColumnSpec[] = [
  { name: 'DMS_TIMESTAMP', type: { kind: 'timestamp', precision: 6, utc: true } },
  { name: 'id', type: { kind: 'int', bits: 64, signed: false } },
  { name: 'card_number', type: { kind: 'string' } },
  { name: 'email', type: { kind: 'string' } },
  { name: 'amt', type: { kind: 'decimal', precision: 38, scale: 4 } },
  { name: 'created_at', type: { kind: 'timestamp', precision: 6, utc: false } },
];

function batch(values: ColumnValue[][], cols: ColumnSpec[] = columns, firstRow = 0): ChangeBatch {
  const rowCount = values[0]!.length;
  return {
    file,
    columns: cols,
    values,
    ops: Array.from({ length: rowCount }, () => 'U' as const),
    positions: Array.from({ length: rowCount }, (_, r) => `pos${r}`),
    firstRow,
    rowCount,
  };
}

function mapping(change: (json: ReturnType<typeof exampleMapping>) => void = () => {}): TableMapping {
  const json = exampleMapping();
  change(json);
  return parseMappings([{ file: 'brand-a.json', json }]).table('brand-a', { schema: 'shop', table: 'orders' })!;
}

const rows = (): ColumnValue[][] => [
  [1_700_000_000_123_456n, 1_700_000_000_000_000n],
  [18_446_744_073_709_551_615n, 2n],
  ['4111111111111111', null],
  ['a@b.com', null],
  ['12.3400', '-0.0001'],
  [1_600_000_000_000_000n, null],
];

describe('projectColumns', () => {
  it('puts the tenant column first, drops excluded columns, types masked ones as string and renames', () => {
    expect(projectColumns(file.key, columns, mapping())).toEqual([
      { name: 'brand_id', type: { kind: 'string' } },
      { name: 'DMS_TIMESTAMP', type: { kind: 'timestamp', precision: 6, utc: true } },
      { name: 'id', type: { kind: 'int', bits: 64, signed: false } },
      { name: 'email', type: { kind: 'string' } },
      { name: 'amount', type: { kind: 'decimal', precision: 38, scale: 4 } },
      { name: 'created_at', type: { kind: 'timestamp', precision: 6, utc: false } },
    ]);
  });

  it('leaves columns.json columns as text: only the warehouse holds them as JSON (SinkTable.jsonColumns)', () => {
    const attributes: ColumnSpec = { name: 'attributes', type: { kind: 'string' } };
    const table = mapping();
    expect(projectColumns(file.key, [...columns, attributes], table).at(-1)).toEqual(attributes);
    expect(table.warehouse?.jsonColumns).toEqual(['attributes']);
    expect(table.speedLayer?.jsonColumns).toBeUndefined();
  });

  it('without a tenant, the file columns only', () => {
    const table = mapping((json) => {
      delete json.tenant;
      json.tables['shop.orders']!.columns = {};
    });
    expect(projectColumns(file.key, columns, table).map((c) => c.name)).toEqual(columns.map((c) => c.name));
  });

  it('refuses a file without a primary-key column, naming the file and the column', () => {
    const without = columns.filter((c) => c.name !== 'id');
    const error = catchError(() => projectColumns(file.key, without, mapping()));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as DmsFileError).fileKey).toBe(file.key);
    expect((error as DmsFileError).retryable).toBe(false);
    expect((error as Error).message).toBe(
      `${file.key}: primary-key column "id" of brand-a:shop.orders is missing from the file. Every file must carry the primaryKey columns; check primaryKey for brand-a:shop.orders in the brand-a mapping`,
    );
  });

  it('refuses a column name the sinks cannot take, saying to rename or exclude it', () => {
    const bad = [...columns, { name: 'bad name;drop', type: { kind: 'string' } } as const];
    const error = catchError(() => projectColumns(file.key, bad, mapping()));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as Error).message).toBe(
      `${file.key}: column "bad name;drop" cannot be a target column name: only letters, digits and _ are allowed, starting with a letter or _, at most 63 characters. Rename it (columns.rename) or exclude it (columns.exclude) in the mapping for brand-a:shop.orders`,
    );
    // Either fix works.
    expect(() =>
      projectColumns(
        file.key,
        bad,
        mapping((j) => (j.tables['shop.orders']!.columns = { exclude: ['bad name;drop'] })),
      ),
    ).not.toThrow();
    const renamed = mapping((j) => (j.tables['shop.orders']!.columns = { rename: { 'bad name;drop': 'bad_name' } }));
    expect(projectColumns(file.key, bad, renamed).at(-1)).toEqual({ name: 'bad_name', type: { kind: 'string' } });
  });

  it('refuses a file column that would take a reserved name or clash with another ignoring case', () => {
    const reserved = [...columns, { name: '_ferry_position', type: { kind: 'string' } } as const];
    expect(() => projectColumns(file.key, reserved, mapping())).toThrow(
      `${file.key}: column "_ferry_position" cannot be a target column name: names starting with "_ferry_" are reserved for ferry`,
    );
    const clash = [...columns, { name: 'Amount', type: { kind: 'string' } } as const];
    expect(() => projectColumns(file.key, clash, mapping())).toThrow(
      `${file.key}: column "Amount" would land as "Amount", which column "amt" already is (names must differ ignoring case)`,
    );
    const tenantClash = [...columns, { name: 'BRAND_ID', type: { kind: 'string' } } as const];
    expect(() => projectColumns(file.key, tenantClash, mapping())).toThrow(
      `${file.key}: column "BRAND_ID" would land as "BRAND_ID", which the tenant column already is (names must differ ignoring case)`,
    );
  });
});

describe('projectChanges', () => {
  it('stamps the tenant, drops excluded columns, masks, renames, and passes untouched columns by reference', () => {
    const input = batch(rows());
    const out = projectChanges(input, mapping(), 'k1');
    expect(out.columns.map((c) => c.name)).toEqual([
      'brand_id',
      'DMS_TIMESTAMP',
      'id',
      'email',
      'amount',
      'created_at',
    ]);
    expect(out.keyColumns).toEqual(['brand_id', 'id']);
    expect(out.rowCount).toBe(2);
    expect(out.values[0]).toEqual(['brand-a', 'brand-a']);
    // No per-cell copy of columns the mapping does not change.
    expect(out.values[1]).toBe(input.values[0]);
    expect(out.values[2]).toBe(input.values[1]);
    expect(out.values[4]).toBe(input.values[4]);
    expect(out.values[5]).toBe(input.values[5]);
    expect(out.ops).toBe(input.ops);
    expect(out.positions).toBe(input.positions);
    // HMAC-SHA256 keyed by the mask key, hex, of the value's canonical text; NULL stays NULL.
    expect(out.values[3]).toEqual(['1ff36d21b6a69c8a81063284c69d0a75e47827e628947b38bda57fd53fe6cbcd', null]);
    expect(input.values[3]).toEqual(['a@b.com', null]);
  });

  it('masks deterministically per key: the same key gives the same hash, another key another', () => {
    const a = projectChanges(batch(rows()), mapping(), 'k1').values[3];
    const again = projectChanges(batch(rows()), mapping(), 'k1').values[3];
    const other = projectChanges(batch(rows()), mapping(), 'k2').values[3];
    expect(again).toEqual(a);
    expect(other).toEqual(['cfe5f9f68c0fe5a6d8099d4c98fdc035191fca456c0d85450e548f8fa3d5ad9f', null]);
  });

  it('masks any type through its canonical text (a UTC timestamp here) and Korean text as UTF-8', () => {
    const table = mapping((j) => (j.tables['shop.orders']!.columns = { mask: ['DMS_TIMESTAMP', 'email'] }));
    const values = rows();
    values[3] = ['한국어 😀', null];
    const out = projectChanges(batch(values), table, 'k1');
    expect(out.columns[1]).toEqual({ name: 'DMS_TIMESTAMP', type: { kind: 'string' } });
    // canonicalText: '2023-11-14 22:13:20.123456Z'
    expect(out.values[1]![0]).toBe('3fbaea9cf4915c570fce53c7b09b6b0ce5056a9e86a270c72bcbf92d037dc6f7');
    expect(out.values[4]![0]).toBe('24ada710ef3969446ccef9b5a176c342cf07dd0ad848741fa38cf6d203314781');
  });

  it('refuses a NULL primary-key value, naming the file, the row in the file and the column', () => {
    const values = rows();
    values[1] = [1n, null];
    const error = catchError(() => projectChanges(batch(values, columns, 10_024), mapping(), 'k1'));
    expect(error).toBeInstanceOf(DmsFileError);
    expect((error as DmsFileError).row).toBe(10_025);
    expect((error as Error).message).toBe(
      `${file.key} row 10025: NULL in primary-key column "id". The row cannot be placed without its key; check the source table's key and primaryKey for brand-a:shop.orders`,
    );
  });

  it('refuses to mask without a mask key rather than write an unkeyed hash', () => {
    const error = catchError(() => projectChanges(batch(rows()), mapping(), ''));
    expect(error).toBeInstanceOf(FerryError);
    expect((error as Error).message).toBe(
      'brand-a:shop.orders masks columns but no mask key is configured. Set the mask key in config (FERRY_MASK_KEY); it never comes from a mapping',
    );
    const unmasked = mapping((j) => (j.tables['shop.orders']!.columns = {}));
    expect(projectChanges(batch(rows()), unmasked, '').columns).toHaveLength(7);
  });

  it('checks the file columns first: a missing primary-key column throws before any row is read', () => {
    const without = columns.filter((c) => c.name !== 'id');
    const values = rows();
    values.splice(1, 1);
    expect(() => projectChanges(batch(values, without), mapping(), 'k1')).toThrow(
      'primary-key column "id" of brand-a:shop.orders is missing from the file',
    );
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
