import { describe, expect, it } from 'vitest';
import { parseMappings } from '../src/index.js';
import { exampleMapping } from './exampleMapping.js';

describe('parseMappings on valid files', () => {
  it('resolves the example mapping to exactly the documented shape', () => {
    const mappings = parseMappings([{ file: 'brand-a.json', json: exampleMapping() }]);
    expect(mappings.sources).toHaveLength(1);
    const source = mappings.sources[0]!;
    expect(source.source).toBe('brand-a');
    expect(source.prefix).toBe('dms/brand-a/');
    expect(source.file).toBe('brand-a.json');
    expect([...source.tables.keys()]).toEqual(['shop.orders']);
    const table = mappings.table('brand-a', { schema: 'shop', table: 'orders' });
    expect(table).toEqual({
      id: 'brand-a:shop.orders',
      source: 'brand-a',
      table: { schema: 'shop', table: 'orders' },
      primaryKey: ['id'],
      sequenceColumn: 'AR_H_CHANGE_SEQ',
      timestampColumn: 'DMS_TIMESTAMP',
      wallClock: ['created_at'],
      json: ['attributes'],
      exclude: ['card_number'],
      mask: ['email'],
      rename: { amt: 'amount' },
      tenant: { column: 'brand_id', value: 'brand-a' },
      freshnessMinutes: undefined,
      warehouse: {
        id: 'brand-a:shop.orders',
        namespace: 'raw_brand_a',
        name: 'orders',
        deletes: 'soft',
        keyColumns: ['brand_id', 'id'],
        jsonColumns: ['attributes'],
      },
      speedLayer: {
        id: 'brand-a:shop.orders',
        namespace: undefined,
        name: 'orders',
        deletes: 'hard',
        keyColumns: ['brand_id', 'id'],
      },
    });
  });

  it('fills every default when a table gives only its primary key', () => {
    const mappings = parseMappings([
      {
        file: 'b.json',
        json: { source: 'brand-b.eu', prefix: 'dms/b/', tables: { 'shop.order_lines': { primaryKey: ['id'] } } },
      },
    ]);
    const table = mappings.table('brand-b.eu', { schema: 'shop', table: 'order_lines' })!;
    expect(table.timestampColumn).toBe('DMS_TIMESTAMP');
    expect(table.sequenceColumn).toBeUndefined();
    expect(table.tenant).toBeUndefined();
    expect([table.exclude, table.mask, table.wallClock, table.json, { ...table.rename }]).toEqual([[], [], [], [], {}]);
    // Every character outside [A-Za-z0-9_] of the source id becomes `_`.
    expect(table.warehouse).toEqual({
      id: 'brand-b.eu:shop.order_lines',
      namespace: 'brand_b_eu',
      name: 'order_lines',
      deletes: 'soft',
      keyColumns: ['id'],
    });
    expect(table.speedLayer).toEqual({
      id: 'brand-b.eu:shop.order_lines',
      namespace: undefined,
      name: 'order_lines',
      deletes: 'hard',
      keyColumns: ['id'],
    });
  });

  it('names JSON columns by their target names for the warehouse only; the speed layer keeps text', () => {
    const mappings = parseMappings([
      {
        file: 'b.json',
        json: {
          source: 'b',
          prefix: '',
          tables: {
            'shop.orders': {
              primaryKey: ['id'],
              columns: { rename: { attrs: 'attributes' }, json: ['attrs', 'payload'] },
            },
          },
        },
      },
    ]);
    const table = mappings.table('b', { schema: 'shop', table: 'orders' })!;
    expect(table.json).toEqual(['attrs', 'payload']);
    expect(table.warehouse?.jsonColumns).toEqual(['attributes', 'payload']);
    expect(table.speedLayer).not.toHaveProperty('jsonColumns');
  });

  it('fills the missing fields of a partly given warehouse', () => {
    const mappings = parseMappings([
      {
        file: 'b.json',
        json: {
          source: 'b',
          prefix: '',
          tables: {
            'shop.a': { primaryKey: ['id'], warehouse: { deletes: 'hard' } },
            'shop.b': { primaryKey: ['id'], warehouse: { table: 'bee' }, speedLayer: {} },
          },
        },
      },
    ]);
    expect(mappings.table('b', { schema: 'shop', table: 'a' })!.warehouse).toMatchObject({
      namespace: 'b',
      name: 'a',
      deletes: 'hard',
    });
    const b = mappings.table('b', { schema: 'shop', table: 'b' })!;
    expect(b.warehouse).toMatchObject({ namespace: 'b', name: 'bee', deletes: 'soft' });
    expect(b.speedLayer).toMatchObject({ name: 'b', deletes: 'hard' });
  });

  it('skips a sink given as false', () => {
    const json = exampleMapping();
    json.tables['shop.orders']!.warehouse = false;
    json.tables['shop.items'] = { primaryKey: ['id'], speedLayer: false };
    const mappings = parseMappings([{ file: 'brand-a.json', json }]);
    expect(mappings.table('brand-a', { schema: 'shop', table: 'orders' })!.warehouse).toBeUndefined();
    expect(mappings.table('brand-a', { schema: 'shop', table: 'orders' })!.speedLayer).toBeDefined();
    expect(mappings.table('brand-a', { schema: 'shop', table: 'items' })!.speedLayer).toBeUndefined();
    expect(mappings.table('brand-a', { schema: 'shop', table: 'items' })!.warehouse).toBeDefined();
  });

  it('key columns are target names: the tenant column first, then the primary key as renamed', () => {
    const json = exampleMapping();
    json.tables['shop.orders']!.primaryKey = ['order_no', 'line'];
    json.tables['shop.orders']!.columns = { rename: { order_no: 'order_id' } };
    const table = parseMappings([{ file: 'brand-a.json', json }]).table('brand-a', {
      schema: 'shop',
      table: 'orders',
    })!;
    expect(table.primaryKey).toEqual(['order_no', 'line']);
    expect(table.warehouse!.keyColumns).toEqual(['brand_id', 'order_id', 'line']);
    expect(table.speedLayer!.keyColumns).toEqual(['brand_id', 'order_id', 'line']);
  });

  it('takes sequence and timestamp columns from the source unless a table overrides them or sets false', () => {
    const mappings = parseMappings([
      {
        file: 'b.json',
        json: {
          source: 'b',
          prefix: 'b/',
          sequenceColumn: 'AR_H_CHANGE_SEQ',
          timestampColumn: 'ts',
          tables: {
            'shop.inherit': { primaryKey: ['id'] },
            'shop.own': { primaryKey: ['id'], sequenceColumn: 'seq', timestampColumn: 'changed' },
            'shop.none': { primaryKey: ['id'], sequenceColumn: false, timestampColumn: false },
          },
        },
      },
    ]);
    const get = (table: string) => mappings.table('b', { schema: 'shop', table })!;
    expect([get('inherit').sequenceColumn, get('inherit').timestampColumn]).toEqual(['AR_H_CHANGE_SEQ', 'ts']);
    expect([get('own').sequenceColumn, get('own').timestampColumn]).toEqual(['seq', 'changed']);
    expect([get('none').sequenceColumn, get('none').timestampColumn]).toEqual([undefined, undefined]);
  });

  it('rename has no prototype, so a column called "constructor" is not mistaken for a rename', () => {
    const table = parseMappings([{ file: 'brand-a.json', json: exampleMapping() }]).table('brand-a', {
      schema: 'shop',
      table: 'orders',
    })!;
    expect(Object.hasOwn(table.rename, 'constructor')).toBe(false);
    expect(table.rename.constructor).toBeUndefined();
  });

  it('finds the source of a key by the longest matching prefix and looks tables up by source and ref', () => {
    const mappings = parseMappings([
      { file: 'a.json', json: { source: 'a', prefix: 'dms/a/', tables: { 'shop.orders': { primaryKey: ['id'] } } } },
      { file: 'b.json', json: { source: 'b', prefix: 'dms/b/', tables: {} } },
    ]);
    expect(mappings.findSource('dms/a/shop/orders/LOAD00000001.parquet')?.source).toBe('a');
    expect(mappings.findSource('dms/b/shop/orders/LOAD00000001.parquet')?.source).toBe('b');
    expect(mappings.findSource('dms/c/shop/orders/LOAD00000001.parquet')).toBeUndefined();
    expect(mappings.findSource('dms/a')).toBeUndefined();
    expect(mappings.table('a', { schema: 'shop', table: 'orders' })?.id).toBe('a:shop.orders');
    expect(mappings.table('a', { schema: 'shop', table: 'items' })).toBeUndefined();
    expect(mappings.table('b', { schema: 'shop', table: 'orders' })).toBeUndefined();
    expect(mappings.table('zzz', { schema: 'shop', table: 'orders' })).toBeUndefined();
  });

  it('an empty prefix takes every key (the bucket root)', () => {
    const mappings = parseMappings([{ file: 'a.json', json: { source: 'a', prefix: '', tables: {} } }]);
    expect(mappings.findSource('shop/orders/LOAD00000001.parquet')?.source).toBe('a');
  });

  it('lets several sources feed one table when tenants tell their rows apart', () => {
    const brand = (name: string) => ({
      file: `${name}.json`,
      json: {
        source: name,
        prefix: `dms/${name}/`,
        tenant: { column: 'brand_id', value: name },
        tables: { 'shop.orders': { primaryKey: ['id'], warehouse: { schema: 'raw', table: 'orders' } } },
      },
    });
    const mappings = parseMappings([brand('brand-a'), brand('brand-b'), brand('brand-c')]);
    expect(mappings.sources.map((s) => s.source)).toEqual(['brand-a', 'brand-b', 'brand-c']);
    expect(mappings.table('brand-b', { schema: 'shop', table: 'orders' })!.warehouse).toMatchObject({
      namespace: 'raw',
      name: 'orders',
      keyColumns: ['brand_id', 'id'],
    });
  });

  it('takes no files as no sources', () => {
    const mappings = parseMappings([]);
    expect(mappings.sources).toEqual([]);
    expect(mappings.findSource('x/y/z.parquet')).toBeUndefined();
  });
});

describe('freshnessMinutes', () => {
  it("takes the table's value over the source's, and leaves it undefined when neither sets it", () => {
    const json = exampleMapping() as Record<string, unknown>;
    json.freshnessMinutes = 45;
    const tables = json.tables as Record<string, Record<string, unknown>>;
    tables['shop.items'] = { primaryKey: ['id'], freshnessMinutes: 10 };
    const mappings = parseMappings([{ file: 'brand-a.json', json }]);
    expect(mappings.table('brand-a', { schema: 'shop', table: 'orders' })?.freshnessMinutes).toBe(45);
    expect(mappings.table('brand-a', { schema: 'shop', table: 'items' })?.freshnessMinutes).toBe(10);
    const plain = parseMappings([{ file: 'brand-a.json', json: exampleMapping() }]);
    expect(plain.table('brand-a', { schema: 'shop', table: 'orders' })?.freshnessMinutes).toBeUndefined();
  });

  it('refuses a value CloudWatch cannot evaluate, naming the path', () => {
    const json = exampleMapping() as Record<string, unknown>;
    (json.tables as Record<string, Record<string, unknown>>)['shop.orders']!.freshnessMinutes = 2000;
    expect(() => parseMappings([{ file: 'brand-a.json', json }])).toThrow(
      /brand-a\.json: tables\["shop\.orders"\]\.freshnessMinutes: must be at most 1440/,
    );
  });
});

describe('the status view name', () => {
  it('is refused as a warehouse table, given or defaulted, naming the path', () => {
    const given = exampleMapping() as Record<string, unknown>;
    const tables = given.tables as Record<string, Record<string, unknown>>;
    tables['shop.orders']!.warehouse = { schema: 'raw', table: 'FERRY_TABLE_STATUS' };
    expect(() => parseMappings([{ file: 'brand-a.json', json: given }])).toThrow(
      /brand-a\.json: tables\["shop\.orders"\]\.warehouse\.table: "FERRY_TABLE_STATUS" cannot be a warehouse table name: ferry keeps its status view/,
    );
    const defaulted = exampleMapping() as Record<string, unknown>;
    (defaulted.tables as Record<string, unknown>)['shop.ferry_table_status'] = { primaryKey: ['id'] };
    expect(() => parseMappings([{ file: 'brand-a.json', json: defaulted }])).toThrow(
      /tables\["shop\.ferry_table_status"\]\.warehouse: "ferry_table_status" cannot be a warehouse table name/,
    );
  });
});
