import type { TableRef } from '@ferry/core';
import type { SourceMapping } from './SourceMapping.js';
import type { TableMapping } from './TableMapping.js';

/** Every mapping file of a deployment, validated together. */
export interface Mappings {
  readonly sources: readonly SourceMapping[];
  /** The source whose prefix the object key starts with (the longest, should several match). */
  findSource(key: string): SourceMapping | undefined;
  /** The table's mapping, or `undefined` when the source does not map it (such files are skipped). */
  table(source: string, ref: TableRef): TableMapping | undefined;
  /** The table mapping with this id (`<source>:<schema>.<table>`), as change records name it. */
  tableById(id: string): TableMapping | undefined;
}
