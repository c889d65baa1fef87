import type { FileChanges, TableChanges } from '@ferry/core';
import { bytesByteSource, openDmsParquet, parseDmsKey } from '@ferry/dms';
import { type Mappings, projectChanges } from '@ferry/mappings';
import { encodeDmsParquet, type WorkloadFile } from '@ferry/testkit';

/** A generated workload file read the way the loaders read it (its table mapping applied), for a sink. */
export async function workloadFileChanges(file: WorkloadFile, mappings: Mappings): Promise<FileChanges> {
  const source = mappings.findSource(file.key)!;
  const key = parseDmsKey(file.key, source);
  const mapping = mappings.table(source.source, key.table)!;
  const parquet = await openDmsParquet(bytesByteSource(encodeDmsParquet(file.columns)), key, {
    sequenceColumn: mapping.sequenceColumn,
    timestampColumns: mapping.timestampColumn === undefined ? [] : [mapping.timestampColumn],
    wallClockColumns: mapping.wallClock,
  });
  const batches: TableChanges[] = [];
  for await (const batch of parquet.rowGroups()) batches.push(projectChanges(batch, mapping, 'test-mask-key'));
  return {
    fileKey: file.key,
    columns: batches[0]!.columns,
    async *chunks() {
      yield* batches;
    },
  };
}
