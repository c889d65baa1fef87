import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ColumnValue } from '@ferry/core';
import type { DmsParquetOptions } from './DmsParquetOptions.js';
import { DMS_ROW_GROUP_LENGTH, DmsParquetWriter } from './DmsParquetWriter.js';
import { dmsTimestampText } from './dmsTimestampText.js';
import type { LargeFullLoad } from './LargeFullLoad.js';
import { mysqlDmsType } from './mysqlDmsType.js';
import { Prng } from './Prng.js';
import { ValuePool } from './sampleValues.js';
import { shopTables } from './shopTables.js';
import { uint64Id } from './uint64Id.js';

const NULL_CHANCE = 0.08;

/**
 * Writes one big DMS full-load file (name it `…/shop/orders/LOAD00000001.parquet`) with the tricky
 * `shop.orders` schema, `rows` rows in row groups of DMS's 10,024, deterministically from `seed`. Row
 * groups are generated and written one at a time, so memory stays flat; for the benchmarks.
 */
export function writeLargeFullLoad(
  path: string,
  rows: number,
  seed: number,
  options: DmsParquetOptions = {},
): LargeFullLoad {
  if (!Number.isSafeInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}`);
  const table = shopTables.find((t) => t.name === 'shop.orders');
  if (table === undefined) throw new Error('testkit bug: no shop.orders table');
  const rng = new Prng(seed);
  const pool = new ValuePool();
  const groupSize = options.rowGroupSize ?? DMS_ROW_GROUP_LENGTH;
  const fileColumns = [
    { name: 'DMS_TIMESTAMP', ...mysqlDmsType.dmsTimestamp },
    ...table.columns.map((c) => ({ name: c.name, ...c.dms })),
  ];
  mkdirSync(dirname(path), { recursive: true });
  const writer = DmsParquetWriter.toFile(path, fileColumns, { ...options, rowGroupSize: groupSize });
  const start = BigInt(Date.parse('2026-11-22T00:00:00Z')) * 1000n;
  for (let first = 0; first < rows; first += groupSize) {
    const n = Math.min(groupSize, rows - first);
    const values: ColumnValue[][] = fileColumns.map(() => new Array<ColumnValue>(n));
    for (let r = 0; r < n; r++) {
      const row = first + r;
      (values[0] as ColumnValue[])[r] = dmsTimestampText(start + BigInt(row) * 997n);
      table.columns.forEach((c, i) => {
        let v: ColumnValue;
        if (c.name === 'id') v = uint64Id(row + 1);
        else if (c.nullable && rng.chance(NULL_CHANCE)) v = null;
        else if (c.ref !== undefined) v = uint64Id(rng.range(1, 1_000_000));
        else v = pool.draw(c.values, rng);
        (values[i + 1] as ColumnValue[])[r] = v;
      });
    }
    writer.write(values);
  }
  writer.finish();
  const wallClock = table.columns.filter((c) => c.dms.type.kind === 'timestamp' && !c.dms.type.utc).map((c) => c.name);
  return {
    path,
    rows,
    bytes: statSync(path).size,
    table: table.name,
    columns: fileColumns.map((c) => ({ name: c.name, type: c.type })),
    mapping: {
      primaryKey: ['id'],
      warehouse: { schema: 'bench', table: 'orders', deletes: 'soft' },
      speedLayer: { table: 'bench_orders' },
      columns: { wallClock },
    },
  };
}
