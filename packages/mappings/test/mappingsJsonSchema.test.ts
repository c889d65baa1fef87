import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { mappingsJsonSchema } from '../src/index.js';
import { exampleMapping } from './exampleMapping.js';

describe('mappingsJsonSchema', () => {
  const schema = mappingsJsonSchema();
  // strict: unknown keywords or malformed schema parts fail compilation.
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

  it('is a draft 2020-12 JSON Schema with a title and description', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('ferry mapping file');
    expect(schema.description).toMatch(/DMS source/);
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });

  it('accepts the example mapping and a minimal one', () => {
    expect(validate(exampleMapping()), JSON.stringify(validate.errors)).toBe(true);
    expect(
      validate({ source: 'b', prefix: '', tables: { 'shop.orders': { primaryKey: ['id'], warehouse: false } } }),
    ).toBe(true);
  });

  it('flags what an editor should flag: unknown keys, bad table keys, bad names, bad prefixes', () => {
    const typo = exampleMapping();
    typo.tables['shop.orders']!.primarykey = ['id'];
    expect(validate(typo)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'primarykey' } }),
    );

    const badKey = exampleMapping();
    badKey.tables.orders = { primaryKey: ['id'] };
    expect(validate(badKey)).toBe(false);

    const badName = exampleMapping();
    badName.tables['shop.orders']!.speedLayer = { table: 'orders; drop' };
    expect(validate(badName)).toBe(false);

    const badPrefix = exampleMapping();
    badPrefix.prefix = 'dms/brand-a';
    expect(validate(badPrefix)).toBe(false);

    const speedLayerDeletes = exampleMapping();
    speedLayerDeletes.tables['shop.orders']!.speedLayer = { deletes: 'soft' };
    expect(validate(speedLayerDeletes)).toBe(false);
  });

  it('documents the defaults in descriptions, so editors show them', () => {
    const table = (schema.properties as Record<string, { additionalProperties?: Record<string, unknown> }>).tables!
      .additionalProperties as { properties: Record<string, { description?: string }> };
    expect(table.properties.warehouse!.description).toContain(
      'Default: { schema: <source id with every character outside [A-Za-z0-9_] replaced by _>, table: <source table name>, deletes: "soft" }',
    );
    expect(table.properties.speedLayer!.description).toContain('Default: { table: <source table name> }');
    expect((schema.properties as Record<string, { default?: unknown }>).timestampColumn!.default).toBe('DMS_TIMESTAMP');
    // Every property of every object carries a description.
    const missing: string[] = [];
    walk(schema, '', missing);
    expect(missing).toEqual([]);
  });
});

function walk(node: unknown, path: string, missing: string[]): void {
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (record.properties && typeof record.properties === 'object') {
    for (const [key, value] of Object.entries(record.properties as Record<string, Record<string, unknown>>)) {
      if (!value.description) missing.push(`${path}.${key}`);
      walk(value, `${path}.${key}`, missing);
    }
  }
  for (const key of ['additionalProperties', 'items']) walk(record[key], `${path}.${key}`, missing);
  for (const option of (record.anyOf as unknown[] | undefined) ?? []) walk(option, path, missing);
}
