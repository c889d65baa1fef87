import { type Mappings, parseMappings } from '@ferry/mappings';
import { describe, expect, it } from 'vitest';
import { diffMappings, onboardedTables } from '../src/index.js';

/** Mapping file JSON as a person writes it (any setting), before validation. */
type MappingJson = { source: string; prefix: string; tables: Record<string, unknown> };

function mappingsOf(...files: MappingJson[]): Mappings {
  return parseMappings(files.map((json) => ({ file: `${json.source}.json`, json })));
}

const brandA = (tables: MappingJson['tables']): MappingJson => ({ source: 'brand-a', prefix: 'dms/brand-a/', tables });
const orders = { primaryKey: ['id'], warehouse: { schema: 'analytics', table: 'orders', deletes: 'soft' as const } };

describe('diffMappings', () => {
  it('calls everything added before the first deploy', () => {
    const diff = diffMappings(mappingsOf(), mappingsOf(brandA({ 'shop.orders': orders })));
    expect(diff).toEqual({
      tables: [
        {
          id: 'brand-a:shop.orders',
          change: 'added',
          warehouse: 'analytics.orders (soft, key id)',
          speedLayer: 'orders (hard, key id)',
          details: [],
        },
      ],
      prefixes: { added: ['dms/brand-a/'], removed: [] },
      writers: { added: [], removed: [] },
      unchanged: 0,
    });
  });

  it('names each changed setting, and counts the unchanged', () => {
    const before = mappingsOf(brandA({ 'shop.orders': orders, 'shop.customers': { primaryKey: ['id'] } }));
    const after = mappingsOf(
      brandA({
        'shop.orders': {
          ...orders,
          warehouse: { ...orders.warehouse, deletes: 'hard' },
          speedLayer: false,
          columns: { mask: ['email'] },
        },
        'shop.customers': { primaryKey: ['id'] },
      }),
    );
    const diff = diffMappings(before, after);
    expect(diff.unchanged).toBe(1);
    expect(diff.tables).toEqual([
      {
        id: 'brand-a:shop.orders',
        change: 'changed',
        warehouse: 'analytics.orders (hard, key id)',
        speedLayer: 'none',
        details: [
          'warehouse: analytics.orders (soft, key id) → analytics.orders (hard, key id)',
          'speedLayer: orders (hard, key id) → none',
          'mask: [] → [email]',
        ],
      },
    ]);
    expect(diff.prefixes).toEqual({ added: [], removed: [] });
  });

  it('lists removed entries and prefixes a source takes with it', () => {
    const before = mappingsOf(brandA({ 'shop.orders': orders }), {
      source: 'brand-b',
      prefix: 'dms/brand-b/',
      tables: {
        'shop.orders': { primaryKey: ['id'], warehouse: { schema: 'brand_b', table: 'orders' }, speedLayer: false },
      },
    });
    const diff = diffMappings(before, mappingsOf(brandA({ 'shop.orders': orders })));
    expect(diff.tables.map((t) => [t.id, t.change])).toEqual([['brand-b:shop.orders', 'removed']]);
    expect(diff.prefixes).toEqual({ added: [], removed: ['dms/brand-b/'] });
  });

  it('lists writer grants gained and lost, and a json switch', () => {
    const before = mappingsOf(brandA({ 'shop.orders': orders }));
    const after = mappingsOf({
      ...brandA({ 'shop.orders': { ...orders, columns: { json: ['payload'] } } }),
      writer: { account: '123456789012' },
    } as MappingJson);
    const diff = diffMappings(before, after);
    expect(diff.writers).toEqual({ added: ['account 123456789012 → s3:PutObject on dms/brand-a/*'], removed: [] });
    expect(diff.tables[0]?.details).toEqual(['json (a switch quarantines the table until resolved): [] → [payload]']);
  });
});

describe('onboardedTables', () => {
  it('names new entries and entries newly sent to a sink, with the sinks they are new to', () => {
    const before = mappingsOf(
      brandA({ 'shop.orders': orders, 'shop.customers': { primaryKey: ['id'], warehouse: false } }),
    );
    const after = mappingsOf(
      brandA({
        'shop.orders': orders,
        'shop.customers': { primaryKey: ['id'] },
        'shop.refunds': { primaryKey: ['id'], speedLayer: false },
      }),
    );
    expect(onboardedTables(before, after)).toEqual([
      { source: 'brand-a', schema: 'shop', table: 'customers', sink: 'warehouse' },
      { source: 'brand-a', schema: 'shop', table: 'refunds', sink: 'warehouse' },
    ]);
    expect(onboardedTables(mappingsOf(), before)).toEqual([
      { source: 'brand-a', schema: 'shop', table: 'orders', sink: 'both' },
      { source: 'brand-a', schema: 'shop', table: 'customers', sink: 'speed-layer' },
    ]);
    expect(onboardedTables(after, after)).toEqual([]);
  });
});
