import { describe, expect, it } from 'vitest';
import { MappingError, parseMappings } from '../src/index.js';
import { exampleMapping } from './exampleMapping.js';
import { problemLines } from './problemLines.js';

const one = (json: unknown) => problemLines([{ file: 'brand-a.json', json }]);

function withTable(change: (table: Record<string, unknown>) => void): Record<string, unknown> {
  const json = exampleMapping();
  change(json.tables['shop.orders']!);
  return json;
}

describe('parseMappings refuses bad mapping files, naming file, JSON path and what to do', () => {
  it('an unknown key, with a did-you-mean found by edit distance', () => {
    const json = withTable((t) => {
      t.primarykey = t.primaryKey;
      delete t.primaryKey;
    });
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"]: missing required key "primaryKey" — Source column names that identify a row (in the source’s key order). Required; they may not be excluded or masked.',
      'brand-a.json: tables["shop.orders"]: unknown key "primarykey" — did you mean "primaryKey"?',
    ]);
  });

  it('unknown keys at every level, listing the allowed keys when nothing is close', () => {
    const json = exampleMapping();
    json.sorce = 'x';
    const table = json.tables['shop.orders']!;
    (table.warehouse as Record<string, unknown>).shema = 'x';
    (table.columns as Record<string, unknown>).masks = [];
    table.zzzzzzzz = 1;
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"].warehouse: unknown key "shema" — did you mean "schema"?',
      'brand-a.json: tables["shop.orders"].columns: unknown key "masks" — did you mean "mask"?',
      'brand-a.json: tables["shop.orders"]: unknown key "zzzzzzzz" — allowed keys: "primaryKey", "warehouse", "speedLayer", "columns", "sequenceColumn", "timestampColumn", "freshnessMinutes"',
      'brand-a.json: unknown key "sorce" — did you mean "source"?',
    ]);
  });

  it('wrong types, saying what was given', () => {
    const json = exampleMapping();
    json.prefix = 5;
    json.tenant = 'brand-a';
    const table = json.tables['shop.orders']!;
    table.primaryKey = 'id';
    table.columns = { exclude: [1], rename: [] };
    expect(one(json)).toEqual([
      'brand-a.json: prefix: must be a string: the S3 key prefix of this source, e.g. "dms/brand-a/"',
      'brand-a.json: tenant: must be an object, got "brand-a"',
      'brand-a.json: tables["shop.orders"].primaryKey: must be an array of source column names, e.g. ["id"]',
      'brand-a.json: tables["shop.orders"].columns.exclude[0]: must be a string, got 1',
      'brand-a.json: tables["shop.orders"].columns.rename: must be an object of source name → target name, e.g. {"amt": "amount"}',
    ]);
  });

  it('a file that is not an object, and missing top-level keys', () => {
    expect(one([])).toEqual(['brand-a.json: must be an object, got an array']);
    expect(one({ tables: {} })).toEqual([
      'brand-a.json: missing required key "source" — Id of the DMS source (a brand, a cluster): unique across mapping files; it names tables in ledgers.',
      'brand-a.json: missing required key "prefix" — S3 key prefix under which DMS writes this source’s <schema>/<table>/ folders (DMS BucketFolder plus "/"), or "" for the bucket root. Prefixes of different sources must not overlap.',
    ]);
  });

  it('a sink that is neither false nor an object, and a bad deletes mode with a did-you-mean', () => {
    const json = withTable((t) => {
      t.speedLayer = true;
      t.warehouse = { deletes: 'sfot' };
    });
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"].warehouse.deletes: must be one of "soft", "hard", got "sfot" — did you mean "soft"?',
      'brand-a.json: tables["shop.orders"].speedLayer: must be false (skip the speed layer) or an object like {"table": "orders"}, got true',
    ]);
  });

  it('a speed-layer deletes option, which does not exist (deletes are always hard there)', () => {
    const json = withTable((t) => {
      t.speedLayer = { table: 'orders', deletes: 'soft' };
    });
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"].speedLayer: unknown key "deletes" — allowed keys: "table"',
    ]);
  });

  it('a prefix that does not end with "/" or starts with "/", and a malformed source id', () => {
    for (const prefix of ['dms/brand-a', '/dms/brand-a/']) {
      const json = exampleMapping();
      json.prefix = prefix;
      expect(one(json)).toEqual([
        'brand-a.json: prefix: must end with "/" (a folder, e.g. "dms/brand-a/") or be "" (the bucket root), and must not start with "/"',
      ]);
    }
    const json = exampleMapping();
    json.source = 'brand a';
    expect(one(json)).toEqual([
      'brand-a.json: source: must start with a letter or digit and hold only letters, digits, ".", "_" and "-", e.g. "brand-a"',
    ]);
  });

  it('a table key that is not "<schema>.<table>"', () => {
    const json = exampleMapping();
    json.tables.orders = { primaryKey: ['id'] };
    json.tables['a.b.c'] = { primaryKey: ['id'] };
    expect(one(json)).toEqual([
      'brand-a.json: tables: key "orders" must be "<schema>.<table>" as DMS names the folders, e.g. "shop.orders"',
      'brand-a.json: tables: key "a.b.c" must be "<schema>.<table>" as DMS names the folders, e.g. "shop.orders"',
    ]);
  });

  it('target identifiers the sinks cannot take, given or defaulted', () => {
    const json = exampleMapping();
    json.tenant = { column: 'brand id', value: 'a' };
    expect(one(json)).toEqual([
      'brand-a.json: tenant.column: "brand id" cannot be a tenant column name: use only letters, digits and _, starting with a letter or _, at most 63 characters',
    ]);

    const given = withTable((t) => {
      t.warehouse = { schema: 'raw-a', table: 'x'.repeat(64) };
      t.speedLayer = { table: 'orders;drop' };
      t.columns = { rename: { amt: '1amount' } };
    });
    expect(one(given)).toEqual([
      'brand-a.json: tables["shop.orders"].warehouse.schema: "raw-a" cannot be a warehouse schema name: use only letters, digits and _, starting with a letter or _, at most 63 characters',
      `brand-a.json: tables["shop.orders"].warehouse.table: "${'x'.repeat(64)}" cannot be a warehouse table name: use only letters, digits and _, starting with a letter or _, at most 63 characters`,
      'brand-a.json: tables["shop.orders"].speedLayer.table: "orders;drop" cannot be a speed-layer table name: use only letters, digits and _, starting with a letter or _, at most 63 characters',
      'brand-a.json: tables["shop.orders"].columns.rename.amt: "1amount" cannot be a target column name: use only letters, digits and _, starting with a letter or _, at most 63 characters',
    ]);

    const defaulted = {
      source: '1-brand',
      prefix: 'dms/',
      tables: { 'shop.order-lines': { primaryKey: ['id'] }, 'shop.items': { primaryKey: ['id'] } },
    };
    expect(one(defaulted)).toEqual([
      'brand-a.json: source: the default warehouse schema "1_brand" (the source id with other characters replaced by _) cannot be a schema name: use only letters, digits and _, starting with a letter or _, at most 63 characters — set warehouse.schema in each table',
      'brand-a.json: tables["shop.order-lines"]: warehouse.table defaults to "order-lines" (the source table name), which cannot be a warehouse table name: use only letters, digits and _, starting with a letter or _, at most 63 characters — set warehouse.table',
      'brand-a.json: tables["shop.order-lines"]: speedLayer.table defaults to "order-lines" (the source table name), which cannot be a speed-layer table name: use only letters, digits and _, starting with a letter or _, at most 63 characters — set speedLayer.table',
    ]);
  });

  it('column names the mapping names that would land unchanged under an unsafe name', () => {
    const json = exampleMapping();
    json.sequenceColumn = '$AR_H_CHANGE_SEQ';
    json.tables['shop.orders']!.sequenceColumn = undefined;
    json.tables['shop.orders']!.columns = { mask: ['e-mail'] };
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"].columns.mask[0]: "e-mail" cannot be a target column name: use only letters, digits and _, starting with a letter or _, at most 63 characters — map it to another name with columns.rename, or exclude it',
      'brand-a.json: sequenceColumn: "$AR_H_CHANGE_SEQ" cannot be a target column name: use only letters, digits and _, starting with a letter or _, at most 63 characters — map it to another name with columns.rename, or exclude it',
    ]);
    // Renamed or excluded, the same names are fine.
    json.tables['shop.orders']!.columns = {
      mask: ['e-mail'],
      rename: { 'e-mail': 'email', $AR_H_CHANGE_SEQ: 'change_seq' },
    };
    expect(() => parseMappings([{ file: 'brand-a.json', json }])).not.toThrow();
    json.tables['shop.orders']!.columns = { exclude: ['e-mail', '$AR_H_CHANGE_SEQ'] };
    expect(() => parseMappings([{ file: 'brand-a.json', json }])).not.toThrow();
  });

  it('names with the reserved _ferry_ prefix, as target or source names', () => {
    const json = exampleMapping();
    json.tenant = { column: '_FERRY_tenant', value: 'a' };
    json.tables['shop.orders']!.columns = { rename: { amt: '_ferry_position' }, mask: ['_ferry_deleted'] };
    expect(one(json)).toEqual([
      'brand-a.json: tenant.column: "_FERRY_tenant" cannot be a tenant column name: names starting with "_ferry_" are reserved for ferry\'s own columns',
      'brand-a.json: tables["shop.orders"].columns.mask[0]: "_ferry_deleted": column names starting with "_ferry_" are reserved for ferry\'s own columns',
      'brand-a.json: tables["shop.orders"].columns.rename.amt: "_ferry_position" cannot be a target column name: names starting with "_ferry_" are reserved for ferry\'s own columns',
    ]);
  });

  it('a primary key that is empty, repeated, excluded or masked', () => {
    expect(one(withTable((t) => (t.primaryKey = [])))).toEqual([
      'brand-a.json: tables["shop.orders"].primaryKey: must list at least one column: every mapped table needs a primary key',
    ]);
    const json = withTable((t) => {
      t.primaryKey = ['id', 'line', 'id', 'email', 'card_number'];
    });
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"].primaryKey[2]: "id" is listed twice (also at [0]) — remove one',
      'brand-a.json: tables["shop.orders"].primaryKey[3]: primary-key column "email" is also in columns.mask — the sinks need the key\'s real value to find the row; remove it from columns.mask',
      'brand-a.json: tables["shop.orders"].primaryKey[4]: primary-key column "card_number" is also in columns.exclude — the sinks need the key to find the row; remove it from columns.exclude',
    ]);
  });

  it('column settings that contradict each other', () => {
    const json = withTable((t) => {
      t.columns = {
        exclude: ['card_number', 'email', 'amt', 'created_at'],
        mask: ['email', 'email'],
        rename: { amt: 'amount' },
        wallClock: ['created_at'],
      };
    });
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"].columns.mask[1]: "email" is listed twice (also at [0]) — remove one',
      'brand-a.json: tables["shop.orders"].columns.mask[0]: "email" is both excluded and masked — an excluded column never reaches a sink; remove it from columns.exclude or from columns.mask',
      'brand-a.json: tables["shop.orders"].columns.mask[1]: "email" is both excluded and masked — an excluded column never reaches a sink; remove it from columns.exclude or from columns.mask',
      'brand-a.json: tables["shop.orders"].columns.wallClock[0]: "created_at" is both excluded and marked wall-clock — an excluded column never reaches a sink; remove it from columns.exclude or from columns.wallClock',
      'brand-a.json: tables["shop.orders"].columns.rename.amt: "amt" is both excluded and renamed — an excluded column never reaches a sink; remove it from columns.exclude or from columns.rename',
    ]);
  });

  it('JSON columns that are the key, masked, excluded, wall-clock, the timestamp or sequence column, or repeated', () => {
    const json = withTable((t) => {
      t.primaryKey = ['id', 'attributes'];
      t.columns = {
        exclude: ['card_number'],
        mask: ['email'],
        wallClock: ['created_at'],
        json: [
          'attributes',
          'email',
          'card_number',
          'created_at',
          'DMS_TIMESTAMP',
          'AR_H_CHANGE_SEQ',
          'payload',
          'payload',
        ],
      };
    });
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"].columns.json[7]: "payload" is listed twice (also at [6]) — remove one',
      'brand-a.json: tables["shop.orders"].primaryKey[1]: primary-key column "attributes" is also in columns.json — the warehouse compares and partitions by key values, which its JSON types do not allow; remove it from columns.json',
      'brand-a.json: tables["shop.orders"].columns.json[2]: "card_number" is both excluded and marked JSON — an excluded column never reaches a sink; remove it from columns.exclude or from columns.json',
      'brand-a.json: tables["shop.orders"].columns.json[1]: "email" is both masked and in columns.json — a masked value is a hash (hex text), not JSON; remove it from columns.mask or from columns.json',
      'brand-a.json: tables["shop.orders"].columns.json[3]: "created_at" is in both columns.wallClock (timestamps) and columns.json (text holding JSON) — a column is one or the other; remove it from one of them',
      'brand-a.json: tables["shop.orders"].columns.json[4]: "DMS_TIMESTAMP" is the timestampColumn, which ferry reads as a timestamp, not JSON text — remove it from columns.json',
      'brand-a.json: tables["shop.orders"].columns.json[5]: "AR_H_CHANGE_SEQ" is the sequenceColumn, which orders a row’s changes, not JSON text — remove it from columns.json',
    ]);
  });

  it('target column names that are equal ignoring case (BigQuery), including the tenant column', () => {
    const json = withTable((t) => {
      t.primaryKey = ['id', 'ID'];
      t.columns = { rename: { amt: 'Brand_Id' } };
    });
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"].primaryKey[1]: target column "ID" (from "ID") clashes with "id" (from column "id") — target column names must differ ignoring case (BigQuery); give one another name with columns.rename',
      'brand-a.json: tables["shop.orders"].columns.rename.amt: target column "Brand_Id" (from "amt") clashes with "brand_id" (from the tenant column) — target column names must differ ignoring case (BigQuery); give one another name with columns.rename',
    ]);
  });

  it('a table that skips both sinks', () => {
    const json = withTable((t) => {
      t.warehouse = false;
      t.speedLayer = false;
    });
    expect(one(json)).toEqual([
      'brand-a.json: tables["shop.orders"]: skips both the warehouse and the speed layer, so its files would go nowhere — remove the table from tables to leave it unmapped',
    ]);
  });

  it('a source id used by two files', () => {
    const other = exampleMapping();
    other.prefix = 'dms/other/';
    other.tenant = { column: 'brand_id', value: 'other' };
    expect(
      problemLines([
        { file: 'brand-a.json', json: exampleMapping() },
        { file: 'copy.json', json: other },
      ]),
    ).toEqual([
      'copy.json: source: source id "brand-a" is already used by brand-a.json — give each mapping file its own source id',
    ]);
  });

  it('prefixes that overlap (equal, or one a prefix of the other, the empty one included)', () => {
    const source = (name: string, prefix: string) => ({
      file: `${name}.json`,
      json: { source: name, prefix, tables: {} },
    });
    expect(problemLines([source('a', 'dms/a/'), source('b', 'dms/a/'), source('c', 'dms/'), source('d', '')])).toEqual([
      'b.json: prefix: prefix "dms/a/" overlaps prefix "dms/a/" of a.json (one starts with the other), so a file could belong to both sources — give each source its own folder, e.g. "dms/b/"',
      'c.json: prefix: prefix "dms/" overlaps prefix "dms/a/" of a.json (one starts with the other), so a file could belong to both sources — give each source its own folder, e.g. "dms/c/"',
      'c.json: prefix: prefix "dms/" overlaps prefix "dms/a/" of b.json (one starts with the other), so a file could belong to both sources — give each source its own folder, e.g. "dms/c/"',
      'd.json: prefix: prefix "" overlaps prefix "dms/a/" of a.json (one starts with the other), so a file could belong to both sources — give each source its own folder, e.g. "dms/d/"',
      'd.json: prefix: prefix "" overlaps prefix "dms/a/" of b.json (one starts with the other), so a file could belong to both sources — give each source its own folder, e.g. "dms/d/"',
      'd.json: prefix: prefix "" overlaps prefix "dms/" of c.json (one starts with the other), so a file could belong to both sources — give each source its own folder, e.g. "dms/d/"',
    ]);
    // Siblings that merely share a start are fine: "dms/a/" vs "dms/ab/".
    expect(() => parseMappings([source('a', 'dms/a/'), source('b', 'dms/ab/')].map((f) => f))).not.toThrow();
  });

  describe('two mappings writing one target table', () => {
    const brand = (name: string, tenant: { column: string; value: string } | undefined, table: object = {}) => ({
      file: `${name}.json`,
      json: {
        source: name,
        prefix: `dms/${name}/`,
        ...(tenant ? { tenant } : {}),
        tables: { 'shop.orders': { primaryKey: ['id'], warehouse: { schema: 'raw', table: 'orders' }, ...table } },
      },
    });

    it('without a tenant: refused, saying to add tenant', () => {
      expect(problemLines([brand('a', undefined), brand('b', { column: 'brand_id', value: 'b' })])).toEqual([
        'b.json: tables["shop.orders"]: writes warehouse table raw.orders, as a.json tables["shop.orders"] does, and no tenant column tells their rows apart — add "tenant": {"column": …, "value": …} to both sources (the same column, different values), or give this table its own warehouse.table',
        'b.json: tables["shop.orders"]: writes speed-layer table orders, as a.json tables["shop.orders"] does, and no tenant column tells their rows apart — add "tenant": {"column": …, "value": …} to both sources (the same column, different values), or give this table its own speedLayer.table',
      ]);
    });

    it('matching target names ignoring case', () => {
      const lines = problemLines([
        brand('a', undefined, { speedLayer: false }),
        brand('b', undefined, { warehouse: { schema: 'RAW', table: 'Orders' }, speedLayer: false }),
      ]);
      expect(lines).toEqual([
        'b.json: tables["shop.orders"]: writes warehouse table RAW.Orders, as a.json tables["shop.orders"] does, and no tenant column tells their rows apart — add "tenant": {"column": …, "value": …} to both sources (the same column, different values), or give this table its own warehouse.table',
      ]);
    });

    it('with different tenant columns or the same tenant value', () => {
      expect(
        problemLines([
          brand('a', { column: 'brand_id', value: 'a' }, { speedLayer: false }),
          brand('b', { column: 'brand', value: 'b' }, { speedLayer: false }),
          brand('c', { column: 'brand_id', value: 'a' }, { speedLayer: false }),
        ]),
      ).toEqual([
        'b.json: tables["shop.orders"]: writes warehouse table raw.orders, as a.json tables["shop.orders"] does, but with tenant column "brand_id" where this source has "brand" — use the same tenant column in both sources, or give this table its own warehouse.table',
        'c.json: tables["shop.orders"]: writes warehouse table raw.orders, as a.json tables["shop.orders"] does, with the same tenant value "a", so their rows would overwrite each other — give the sources different tenant values, or give this table its own warehouse.table',
      ]);
    });

    it('with different keys or delete modes', () => {
      expect(
        problemLines([
          brand('a', { column: 'brand_id', value: 'a' }, { speedLayer: false }),
          brand('b', { column: 'brand_id', value: 'b' }, { speedLayer: false, primaryKey: ['order_id'] }),
          brand(
            'c',
            { column: 'brand_id', value: 'c' },
            { warehouse: { schema: 'raw', table: 'orders', deletes: 'hard' }, speedLayer: false },
          ),
        ]),
      ).toEqual([
        'b.json: tables["shop.orders"]: writes warehouse table raw.orders, as a.json tables["shop.orders"] does, but keyed by (brand_id, id) where this one is keyed by (brand_id, order_id) — a shared table needs one key: align primaryKey and columns.rename, or give this table its own warehouse.table',
        'c.json: tables["shop.orders"]: writes warehouse table raw.orders, as a.json tables["shop.orders"] does, but with deletes "soft" where this one has "hard" — a shared table needs one delete mode: set the same warehouse.deletes, or give this table its own warehouse.table',
      ]);
    });

    it('with different JSON columns (each column of a shared table has one type)', () => {
      const json = (columns: string[]) => ({ speedLayer: false, columns: { json: columns } });
      expect(
        problemLines([
          brand('a', { column: 'brand_id', value: 'a' }, json(['attributes', 'payload'])),
          brand('b', { column: 'brand_id', value: 'b' }, json(['payload', 'attributes'])),
          brand('c', { column: 'brand_id', value: 'c' }, json(['payload'])),
          brand('d', { column: 'brand_id', value: 'd' }, { speedLayer: false }),
        ]),
      ).toEqual([
        'c.json: tables["shop.orders"]: writes warehouse table raw.orders, as a.json tables["shop.orders"] does, but with JSON columns (attributes, payload) where this one has (payload) — a shared table holds each column in one type: list the same columns in columns.json, or give this table its own warehouse.table',
        'd.json: tables["shop.orders"]: writes warehouse table raw.orders, as a.json tables["shop.orders"] does, but with JSON columns (attributes, payload) where this one has none — a shared table holds each column in one type: list the same columns in columns.json, or give this table its own warehouse.table',
      ]);
    });

    it('with the table or its key spelled in another case (the warehouse merges a shared table’s entries together)', () => {
      expect(
        problemLines([
          brand('a', { column: 'brand_id', value: 'a' }, { speedLayer: false }),
          brand(
            'b',
            { column: 'brand_id', value: 'b' },
            { warehouse: { schema: 'raw', table: 'Orders' }, speedLayer: false },
          ),
          brand('c', { column: 'brand_id', value: 'c' }, { primaryKey: ['Id'], speedLayer: false }),
        ]),
      ).toEqual([
        'b.json: tables["shop.orders"]: writes warehouse table raw.Orders, as a.json tables["shop.orders"] does, but spelled raw.orders there — a shared table needs one spelling, case included: write its name the same in both, or give this table its own warehouse.table',
        'c.json: tables["shop.orders"]: writes warehouse table raw.orders, as a.json tables["shop.orders"] does, but keyed by (brand_id, id) where this one is keyed by (brand_id, Id), spelled differently — a shared table needs one key, case included: align primaryKey and columns.rename, or give this table its own warehouse.table',
      ]);
    });

    it('two tables of one source landing in one speed-layer table (no namespace there)', () => {
      const json = exampleMapping();
      json.tables['billing.orders'] = { primaryKey: ['id'], warehouse: { table: 'billing_orders' } };
      expect(one(json)).toEqual([
        'brand-a.json: tables["billing.orders"]: writes speed-layer table orders, as brand-a.json tables["shop.orders"] does, with the same tenant value "brand-a", so their rows would overwrite each other — give the sources different tenant values, or give this table its own speedLayer.table',
      ]);
    });
  });

  it('lists every problem of every file in one error, checking the sound tables of a file whose other tables are bad', () => {
    const a = exampleMapping();
    a.tables['shop.items'] = { primaryKey: 'id' };
    a.tables['shop.orders']!.speedLayer = { table: 'bad table' };
    const b = {
      source: 'b',
      prefix: 'dms/b/',
      tables: { 'shop.x': { primaryKey: ['id'], columns: { mask: ['id'] } } },
    };
    let error: unknown;
    try {
      parseMappings([
        { file: 'brand-a.json', json: a },
        { file: 'b.json', json: b },
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).problems.map((p) => [p.file, p.path])).toEqual([
      ['brand-a.json', 'tables["shop.orders"].speedLayer.table'],
      ['brand-a.json', 'tables["shop.items"].primaryKey'],
      ['b.json', 'tables["shop.x"].primaryKey[0]'],
    ]);
    expect((error as MappingError).message).toMatch(/^invalid mappings \(3 problems\):\n {2}- brand-a\.json: /);
    expect((error as MappingError).retryable).toBe(false);
  });
});
