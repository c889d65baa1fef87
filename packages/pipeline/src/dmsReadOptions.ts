import type { DmsParquetOptions } from '@ferry/dms';
import type { TableMapping } from '@ferry/mappings';

/** How to read a mapped table's DMS files: its sequence column and which timestamp columns mean what. */
export function dmsReadOptions(mapping: TableMapping): DmsParquetOptions {
  return {
    sequenceColumn: mapping.sequenceColumn,
    timestampColumns: mapping.timestampColumn ? [mapping.timestampColumn] : [],
    wallClockColumns: mapping.wallClock,
  };
}
