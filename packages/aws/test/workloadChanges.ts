import type { TableChanges } from '@ferry/core';
import { bytesByteSource, openDmsParquet, parseDmsKey } from '@ferry/dms';
import { parseMappings, projectChanges, type TableMapping } from '@ferry/mappings';
import { encodeDmsParquet, generateWorkload, type WorkloadOptions } from '@ferry/testkit';

/**
 * Every file of a testkit workload for one table, read and projected the way the pipeline does it
 * (parquet bytes → `openDmsParquet` → `projectChanges`): realistic `TableChanges` for codec tests and sizing.
 */
export async function* workloadChanges(
  options: WorkloadOptions,
  table: string,
): AsyncGenerator<{ fileKey: string; mapping: TableMapping; changes: TableChanges }> {
  const workload = generateWorkload(options);
  const mappings = parseMappings(workload.mappings.map((json) => ({ file: `${json.source}.json`, json })));
  for (const f of workload.files) {
    if (f.table !== table) continue;
    const source = mappings.findSource(f.key)!;
    const file = parseDmsKey(f.key, source);
    const mapping = mappings.table(source.source, file.table)!;
    const parquet = await openDmsParquet(bytesByteSource(encodeDmsParquet(f.columns)), file, {
      sequenceColumn: mapping.sequenceColumn,
      timestampColumns: mapping.timestampColumn === undefined ? [] : [mapping.timestampColumn],
      wallClockColumns: mapping.wallClock,
    });
    for await (const batch of parquet.rowGroups()) {
      yield { fileKey: f.key, mapping, changes: projectChanges(batch, mapping, 'test-mask-key') };
    }
  }
}
