import type { DmsColumn } from './DmsColumn.js';
import type { DmsParquetOptions } from './DmsParquetOptions.js';
import { DmsParquetWriter } from './DmsParquetWriter.js';

/**
 * The bytes of a DMS-shaped parquet file holding `columns` (see `DmsParquetWriter` for the shape).
 *
 * @example
 * encodeDmsParquet([
 *   { name: 'DMS_TIMESTAMP', element: { type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
 *     values: ['2026-11-22 09:00:00.000000'] },
 *   { name: 'id', element: mysqlDmsType.bigintUnsigned.element, values: [18446744073709551615n] },
 * ])
 */
export function encodeDmsParquet(columns: readonly DmsColumn[], options: DmsParquetOptions = {}): Uint8Array {
  const writer = DmsParquetWriter.toBuffer(columns, options);
  writer.write(columns.map((c) => c.values));
  return writer.finish() as Uint8Array;
}
