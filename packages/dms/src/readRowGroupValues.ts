import { type ColumnValue, DmsFileError } from '@ferry/core';
import type { ColumnMetaData, RowGroup } from 'hyparquet';
import type { ByteSource } from './ByteSource.js';
import type { ColumnPlan } from './ColumnPlan.js';
import { errorMessage } from './errorMessage.js';
import { readColumnChunk } from './readColumnChunk.js';

/**
 * Reads one row group with a single ranged read of its column chunks and converts each column with its plan,
 * in `plans` order. Throws `DmsFileError` for corrupt data or a value that cannot be held exactly; errors of
 * `source` itself (I/O) pass through unchanged, since a retry may help them.
 */
export async function readRowGroupValues(
  source: ByteSource,
  rowGroup: RowGroup,
  plans: readonly ColumnPlan[],
  key: string,
  group: number,
  groupStart: number,
): Promise<ColumnValue[][]> {
  const rowCount = Number(rowGroup.num_rows);
  const chunks = new Map<string, ColumnMetaData>();
  let start = Number.POSITIVE_INFINITY;
  let end = 0;
  for (const chunk of rowGroup.columns) {
    const meta = chunk.meta_data!; // checked with the footer
    chunks.set(meta.path_in_schema[0]!, meta);
    start = Math.min(start, chunkStart(meta));
    end = Math.max(end, chunkStart(meta) + Number(meta.total_compressed_size));
  }
  const bytes = new Uint8Array(await source.slice(start, end));
  if (bytes.length !== end - start) {
    throw new DmsFileError(key, `row group ${group}: read ${bytes.length} of its ${end - start} bytes`);
  }

  return plans.map((plan) => {
    const name = plan.spec.name;
    const meta = chunks.get(name);
    if (!meta) throw new DmsFileError(key, `corrupt parquet footer: row group ${group} has no column "${name}"`);
    const from = chunkStart(meta) - start;
    const out = new Array<ColumnValue>(rowCount);
    try {
      readColumnChunk(
        bytes.subarray(from, from + Number(meta.total_compressed_size)),
        meta,
        plan.element,
        plan,
        out,
        rowCount,
        groupStart,
      );
    } catch (cause) {
      if (cause instanceof DmsFileError) throw cause;
      throw new DmsFileError(
        key,
        `corrupt parquet data in column "${name}" of row group ${group}: ${errorMessage(cause)}`,
        { cause },
      );
    }
    return out;
  });
}

function chunkStart(meta: ColumnMetaData): number {
  return Number(meta.dictionary_page_offset || meta.data_page_offset);
}
