import type { MappingJson } from './MappingJson.js';
import type { MappingTableJson } from './MappingTableJson.js';
import type { SourceTable } from './shopTables.js';
import type { TargetOptions } from './TargetOptions.js';
import { WORKLOAD_COLUMNS } from './WORKLOAD_COLUMNS.js';
import { workloadTarget } from './workloadTarget.js';

/** The mapping file of one simulated source (internal to the generators). */
export function workloadMapping(source: string, tables: readonly SourceTable[], o: TargetOptions): MappingJson {
  const entries: Record<string, MappingTableJson> = {};
  for (const t of tables) {
    const target = workloadTarget(source, t, o);
    const wallClock = [...t.columns, ...t.added]
      .filter((c) => c.dms.type.kind === 'timestamp' && !c.dms.type.utc)
      .map((c) => c.name);
    entries[t.name] = {
      primaryKey: [...t.primaryKey],
      warehouse: { schema: target.schema, table: target.table, deletes: o.deletes },
      speedLayer: { table: target.speed },
      ...(wallClock.length > 0 ? { columns: { wallClock } } : {}),
      ...(o.sequenceTables.includes(t.name as never) ? { sequenceColumn: WORKLOAD_COLUMNS.sequence } : {}),
    };
  }
  return {
    source,
    prefix: `dms/${source}/`,
    ...(o.consolidated ? { tenant: { column: WORKLOAD_COLUMNS.tenant, value: source } } : {}),
    timestampColumn: WORKLOAD_COLUMNS.timestamp,
    tables: entries,
  };
}
