import type { DmsFile, SinkTable } from '@ferry/core';
import type { TableMapping } from '@ferry/mappings';

/** One mapping entry's files of a batch (in load order), and where that entry sends them in one sink. */
export interface EntryFiles {
  readonly mapping: TableMapping;
  /** `mapping.warehouse` or `mapping.speedLayer`: the sink's target table for this entry. */
  readonly table: SinkTable;
  readonly files: readonly DmsFile[];
}
