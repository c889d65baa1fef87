import { FerryError } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import { describe, expect, it } from 'vitest';
import { findReloadTargets } from '../src/index.js';

// Two sources feed one consolidated warehouse table (told apart by a tenant column); their speed-layer tables differ.
const mappings = parseMappings([
  {
    file: 'brand-a.json',
    json: {
      source: 'brand-a',
      prefix: 'dms/brand-a/',
      tenant: { column: 'brand_id', value: 'a' },
      tables: {
        'shop.orders': { primaryKey: ['id'], warehouse: { schema: 'raw' }, speedLayer: { table: 'a_orders' } },
        'shop.items': { primaryKey: ['id'] },
      },
    },
  },
  {
    file: 'brand-b.json',
    json: {
      source: 'brand-b',
      prefix: 'dms/brand-b/',
      tenant: { column: 'brand_id', value: 'b' },
      tables: {
        'shop.orders': { primaryKey: ['id'], warehouse: { schema: 'raw' }, speedLayer: { table: 'b_orders' } },
      },
    },
  },
]);

describe('findReloadTargets', () => {
  it('a consolidated target brings every entry feeding it; a per-source target only its own', () => {
    const targets = findReloadTargets(mappings, 'brand-a', { schema: 'shop', table: 'orders' }, 'both');
    expect(targets.map((t) => [t.sink, t.target.name, t.entries.map((e) => e.id)])).toEqual([
      ['warehouse', 'orders', ['brand-a:shop.orders', 'brand-b:shop.orders']],
      ['speed-layer', 'a_orders', ['brand-a:shop.orders']],
    ]);
  });

  it('--sink picks one sink', () => {
    const targets = findReloadTargets(mappings, 'brand-b', { schema: 'shop', table: 'orders' }, 'speed-layer');
    expect(targets.map((t) => t.target.name)).toEqual(['b_orders']);
  });

  it('refuses an unknown source or table', () => {
    expect(() => findReloadTargets(mappings, 'brand-z', { schema: 'shop', table: 'orders' }, 'both')).toThrow(
      /no mapping file has source "brand-z"/,
    );
    expect(() => findReloadTargets(mappings, 'brand-a', { schema: 'shop', table: 'nope' }, 'both')).toThrow(FerryError);
  });
});
