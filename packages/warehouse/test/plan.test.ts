import { type ColumnSpec, DmsFileError, FerryError, SchemaChangeError, type SinkTable } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { buildMergePlan, duckDbDialect, evolveColumns } from '../src/index.js';
import { fileOf } from './support/changes.js';

const id: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 32, signed: true } };
const name: ColumnSpec = { name: 'name', type: { kind: 'string' } };
const table: SinkTable = { id: 'a:shop.orders', namespace: 'raw', name: 'orders', deletes: 'soft', keyColumns: ['id'] };

describe('buildMergePlan', () => {
  it('names everything the merge touches and freezes the plan', () => {
    const plan = buildMergePlan(table, [id, name]);
    expect(plan).toEqual({
      tableId: 'a:shop.orders',
      target: { namespace: 'raw', name: 'orders' },
      liveView: { namespace: 'raw', name: 'orders_live' },
      tombstones: undefined,
      staging: '_ferry_stage_orders',
      batch: '_ferry_batch_orders',
      columns: [id, name],
      keyColumns: [id],
      valueColumns: [name],
      deletes: 'soft',
      meta: { position: '_ferry_position', deleted: '_ferry_deleted', file: '_ferry_file', op: '_ferry_op' },
    });
    expect(Object.isFrozen(plan) && Object.isFrozen(plan.columns) && Object.isFrozen(plan.meta)).toBe(true);
    expect(buildMergePlan({ ...table, deletes: 'hard' }, [id, name])).toMatchObject({
      liveView: undefined,
      tombstones: { namespace: 'raw', name: '_ferry_tombstones_orders' },
    });
  });

  it.each([
    ['no namespace', { ...table, namespace: undefined }, [id], 'a warehouse table needs a namespace'],
    ['an unsafe table name', { ...table, name: 'orders; DROP' }, [id], '"orders; DROP" is not a safe identifier'],
    ['an unsafe namespace', { ...table, namespace: 'raw"x' }, [id], 'is not a safe identifier'],
    [
      'an unsafe column',
      table,
      [id, { name: 'a b', type: { kind: 'string' } }],
      'column "a b" is not a safe identifier',
    ],
    [
      'a column with ferry’s prefix',
      table,
      [id, { name: '_ferry_x', type: { kind: 'string' } }],
      'uses the prefix _ferry_',
    ],
    ['a column twice', table, [id, id], 'column "id" appears twice'],
    [
      'a missing key column',
      { ...table, keyColumns: ['id', 'tenant'] },
      [id],
      'key column "tenant" is not among the columns',
    ],
    ['no key column', { ...table, keyColumns: [] }, [id], 'no key columns'],
  ] as const)('refuses %s', (_, t, columns, message) => {
    expect(() => buildMergePlan(t as SinkTable, columns)).toThrow(FerryError);
    expect(() => buildMergePlan(t as SinkTable, columns)).toThrow(message);
  });
});

describe('evolveColumns', () => {
  const caps = duckDbDialect.capabilities;
  it('keeps registered types, adds new columns last in first-seen order', () => {
    const wideId: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 64, signed: true } };
    const note: ColumnSpec = { name: 'note', type: { kind: 'string' } };
    const evolution = evolveColumns(
      table,
      [wideId],
      [fileOf('f1', [id, name], []), fileOf('f2', [note, id, name], [])],
      caps,
    );
    expect(evolution).toEqual({ columns: [wideId, name, note], added: ['name', 'note'] });
  });

  it('throws SchemaChangeError naming table, column, types and file for a type that does not fit', () => {
    const run = () =>
      evolveColumns(
        table,
        [id, name],
        [fileOf('cdc/2.parquet', [id, { name: 'name', type: { kind: 'bytes' } }], [])],
        caps,
      );
    expect(run).toThrow(SchemaChangeError);
    expect(run).toThrow('a:shop.orders: column "name" was string, a file now has bytes (cdc/2.parquet)');
  });

  it('judges a second file against a column the first file of the batch added', () => {
    const run = () =>
      evolveColumns(
        table,
        [id],
        [fileOf('f1', [id, name], []), fileOf('f2', [id, { name: 'name', type: { kind: 'date' } }], [])],
        caps,
      );
    expect(run).toThrow('column "name" was string, a file now has date (f2)');
  });

  it('throws DmsFileError for a file without a key column', () => {
    expect(() => evolveColumns(table, [], [fileOf('f1', [name], [])], caps)).toThrow(DmsFileError);
  });
});
