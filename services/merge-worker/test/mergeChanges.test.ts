import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { type ChangeRecord, encodeChangeRecord, routeOutput } from '@ferry/aws';
import { type ColumnSpec, POSITION_LENGTH } from '@ferry/core';
import { parseMappings } from '@ferry/mappings';
import { openSpeedLayer, type SpeedLayerSink } from '@ferry/speed-layer';
import { OutputCapture } from '@ferry/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MergeChangesDeps, mergeChanges, type StreamRecord } from '../src/index.js';

const mappings = parseMappings([
  {
    file: 'shop.json',
    json: {
      source: 'shop',
      prefix: 'dms/shop/',
      tables: {
        'app.items': { primaryKey: ['id'], speedLayer: { table: 'items' } },
        'app.notes': { primaryKey: ['id'], speedLayer: { table: 'notes' } },
      },
    },
  },
]);
const items = mappings.tableById('shop:app.items')!;
const notes = mappings.tableById('shop:app.notes')!;
const columns: ColumnSpec[] = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
  { name: 'price', type: { kind: 'decimal', precision: 38, scale: 4 } },
  { name: 'note', type: { kind: 'string' } },
];
const pos = (n: number) => `1${String(n).padStart(POSITION_LENGTH - 1, '0')}`;

let seq = 1000;
function record(
  tableId: string,
  op: 'I' | 'U' | 'D',
  p: number,
  id: bigint,
  price: string,
  note: string,
): StreamRecord {
  const change: ChangeRecord = {
    version: 1,
    source: 'shop',
    tableId,
    fileKey: `dms/shop/app/x/2026110${p}.parquet`,
    op,
    position: pos(p),
    keyColumns: ['id'],
    columns,
    values: [id, price, note],
  };
  return { sequenceNumber: String(++seq), data: encodeChangeRecord(change), arrivedAt: Date.now() / 1000 };
}

describe('mergeChanges on PGlite', () => {
  let speedLayer: SpeedLayerSink;
  const output = new OutputCapture();
  let deps: MergeChangesDeps;
  beforeAll(async () => {
    speedLayer = await openSpeedLayer('pglite:memory');
    deps = {
      mappings,
      speedLayer,
      logger: routeOutput(new Logger({ serviceName: 'merge-worker' }), output.console),
      metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'merge-worker' }), output.console),
    };
  });
  afterAll(async () => speedLayer?.close());

  const read = async (tableName: string) =>
    (await speedLayer.query(`SELECT id, price, note FROM ${tableName} ORDER BY id`)).rows;

  it('applies a batch per table, and the same batch again changes nothing', async () => {
    const batch = [
      record(items.id, 'I', 1, 1n, '12345678901234567890123456789012.1234', 'a'),
      record(items.id, 'I', 2, 2n, '0.0001', 'b'),
      record(notes.id, 'I', 3, 9n, '1.0000', 'n'),
      record(items.id, 'U', 4, 1n, '99999999999999999999999999999999.9999', 'a2'),
      record(items.id, 'D', 5, 2n, '0.0001', 'b'),
    ];
    const first = await mergeChanges(deps, batch);
    expect(first.failures.size).toBe(0);
    const again = await mergeChanges(deps, [...batch].reverse());
    expect(again.failures.size).toBe(0);
    expect(await read('items')).toEqual([['1', '99999999999999999999999999999999.9999', 'a2']]);
    expect(await read('notes')).toEqual([['9', '1.0000', 'n']]);
    const merged = output.records().filter((r) => r.message === 'table merged' && r.table === items.id);
    expect(merged.at(-1)).toMatchObject({ rows: 4, stale: 4 });
  });

  it('isolates a poison row the database refuses, applies the rest, and names it in the logs', async () => {
    // PostgreSQL text cannot hold NUL: the database refuses the row whatever is retried.
    const poison = record(items.id, 'I', 11, 11n, '1.0000', 'bad\u0000row');
    const batch = [
      record(items.id, 'I', 10, 10n, '1.0000', 'ok'),
      poison,
      record(items.id, 'I', 12, 12n, '1.0000', 'ok'),
      record(items.id, 'I', 13, 13n, '1.0000', 'ok'),
    ];
    const outcome = await mergeChanges(deps, batch);
    expect([...outcome.failures.keys()]).toEqual([poison.sequenceNumber]);
    expect(outcome.failure(poison.sequenceNumber)?.retryable).toBe(false);
    expect((await read('items')).map((r) => r[0])).toEqual(['1', '10', '12', '13']);
    const logged = output.records().find((r) => r.message === 'poison record');
    expect(logged).toMatchObject({ sequenceNumber: poison.sequenceNumber, table: items.id, position: pos(11) });
  });

  it('reports a record it cannot decode, or of a table this deploy does not map, as poison', async () => {
    const garbage: StreamRecord = { sequenceNumber: '5', data: new Uint8Array([0x7b, 0x7d]), arrivedAt: 0 };
    const unmapped = record('shop:app.gone', 'I', 20, 20n, '1.0000', 'x');
    const good = record(notes.id, 'I', 21, 21n, '1.0000', 'y');
    const outcome = await mergeChanges(deps, [garbage, unmapped, good]);
    expect([...outcome.failures.keys()].sort()).toEqual([garbage.sequenceNumber, unmapped.sequenceNumber].sort());
    expect(outcome.failure(unmapped.sequenceNumber)?.reason).toMatch(/shop:app\.gone.*not mapped/);
    expect((await read('notes')).map((r) => r[0])).toEqual(['9', '21']);
  });
});

describe('mergeChanges when a column type no longer fits', () => {
  it('fails every record of that table terminally at once, naming the column, and applies other tables', async () => {
    const speedLayer = await openSpeedLayer('pglite:memory');
    const output = new OutputCapture();
    const deps: MergeChangesDeps = {
      mappings,
      speedLayer,
      logger: routeOutput(new Logger({ serviceName: 'merge-worker' }), output.console),
      metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'merge-worker' }), output.console),
    };
    try {
      expect((await mergeChanges(deps, [record(items.id, 'I', 40, 40n, '1.0000', 'x')])).failures.size).toBe(0);
      const changed = { ...columns[2]!, type: { kind: 'boolean' } } as ColumnSpec;
      const retyped = (p: number): StreamRecord => {
        const change: ChangeRecord = {
          version: 1,
          source: 'shop',
          tableId: items.id,
          fileKey: 'dms/shop/app/items/20261124-000000000.parquet',
          op: 'U',
          position: pos(p),
          keyColumns: ['id'],
          columns: [columns[0]!, columns[1]!, changed],
          values: [40n, '1.0000', true],
        };
        return { sequenceNumber: String(++seq), data: encodeChangeRecord(change), arrivedAt: Date.now() / 1000 };
      };
      const batch = [retyped(41), retyped(42), retyped(43), record(notes.id, 'I', 44, 44n, '1.0000', 'n')];
      const outcome = await mergeChanges(deps, batch);
      expect([...outcome.failures.keys()]).toEqual(batch.slice(0, 3).map((r) => r.sequenceNumber));
      expect([...outcome.failures.values()].every((f) => !f.retryable && /note/.test(f.reason))).toBe(true);
      expect(output.records().filter((r) => r.message === 'table stopped')).toHaveLength(1);
      expect((await speedLayer.query('SELECT id FROM notes')).rows).toEqual([['44']]);
    } finally {
      await speedLayer.close();
    }
  });
});

describe('mergeChanges with the speed layer down', () => {
  it('fails every record of the table retryably, and commits nothing', async () => {
    const down = await openSpeedLayer('postgres://postgres@127.0.0.1:1/none');
    const output = new OutputCapture();
    try {
      const outcome = await mergeChanges(
        {
          mappings,
          speedLayer: down,
          logger: routeOutput(new Logger({ serviceName: 'merge-worker' }), output.console),
          metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'merge-worker' }), output.console),
        },
        [record(items.id, 'I', 30, 30n, '1.0000', 'x'), record(items.id, 'I', 31, 31n, '1.0000', 'y')],
      );
      expect(outcome.failures.size).toBe(2);
      expect([...outcome.failures.values()].every((f) => f.retryable)).toBe(true);
      expect(output.records().some((r) => r.message === 'speed layer unavailable')).toBe(true);
    } finally {
      await down.close();
    }
  });
});
