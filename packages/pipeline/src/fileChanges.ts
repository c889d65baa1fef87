import type { DmsFile, FileChanges } from '@ferry/core';
import type { DmsParquetFile } from '@ferry/dms';
import { projectChanges, projectColumns, type TableMapping } from '@ferry/mappings';

/**
 * A DMS file's changes shaped for a sink by its table mapping, streamed one row group at a time; `tableId` names
 * the mapping entry, so a warehouse call holding several entries' files records each under its own.
 */
export function fileChanges(
  file: DmsFile,
  parquet: DmsParquetFile,
  mapping: TableMapping,
  maskKey: string,
): FileChanges {
  return {
    fileKey: file.key,
    tableId: mapping.id,
    columns: projectColumns(file.key, parquet.columns, mapping),
    chunks: async function* () {
      for await (const batch of parquet.rowGroups()) yield projectChanges(batch, mapping, maskKey);
    },
  };
}
