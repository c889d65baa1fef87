import { writeFileSync } from 'node:fs';
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { WrittenColumn } from './writeParquet.js';

/**
 * Writes `columns` with hyparquet-writer, then puts `footer` (the same columns, relabelled) into the footer: how
 * the tests make files hyparquet-writer cannot write itself. INT96 goes in as FIXED_LEN_BYTE_ARRAY(12), the
 * same PLAIN layout; a REPEATED label on a flat column makes a file whose schema a reader must refuse.
 */
export function writeRelabelledParquet(
  path: string,
  columns: readonly WrittenColumn[],
  footer: readonly SchemaElement[],
): void {
  const root: SchemaElement = { name: 'schema', num_children: columns.length };
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: [root, ...columns.map((c) => c.element)],
    codec: 'UNCOMPRESSED',
    statistics: false,
  });
  parquet.write({ columnData: columns.map((c) => ({ name: c.element.name, data: [...c.data] })) });
  parquet.schema = [root, ...footer];
  for (const group of parquet.row_groups) {
    group.columns.forEach((chunk, i) => {
      if (chunk.meta_data && footer[i]?.type) chunk.meta_data.type = footer[i].type;
    });
  }
  parquet.finish();
  writeFileSync(path, writer.getBytes());
}
