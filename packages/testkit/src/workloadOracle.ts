import type { ColumnSpec, ColumnType } from '@ferry/core';
import { canonicalText } from '@ferry/core';
import type { LiveRow } from './LiveRow.js';
import { mysqlDmsType } from './mysqlDmsType.js';
import type { OracleTable } from './OracleTable.js';
import type { SourceTable } from './shopTables.js';
import { sortRows } from './sortRows.js';
import type { TargetOptions } from './TargetOptions.js';
import { WORKLOAD_COLUMNS } from './WORKLOAD_COLUMNS.js';
import { workloadTarget } from './workloadTarget.js';

const { timestamp: TIMESTAMP_COLUMN, sequence: SEQUENCE_COLUMN, tenant: TENANT_COLUMN } = WORKLOAD_COLUMNS;

/**
 * The oracle of the generators (internal): per target table, the live rows of the sources feeding it.
 * `states[i]` holds source `o.sources[i]`'s live rows per table name; `addedCounts` says, per
 * `<source>:<table>`, how many added columns its written files have had (absent: none).
 */
export function workloadOracle(
  o: TargetOptions,
  tables: readonly SourceTable[],
  states: readonly ReadonlyMap<string, readonly LiveRow[]>[],
  addedCounts: ReadonlyMap<string, number>,
): OracleTable[] {
  const timestampType: ColumnType = mysqlDmsType.dmsTimestamp.type;
  const sequenceTables = new Set<string>(o.sequenceTables);
  const targets: OracleTable[] = [];
  const groups = o.consolidated ? [o.sources] : o.sources.map((s) => [s]);
  for (const group of groups) {
    for (const t of tables) {
      const first = group[0] as string;
      const target = workloadTarget(first, t, o);
      // A consolidated target gets the added columns as soon as one source's table has them.
      const added = t.added.slice(0, Math.max(0, ...group.map((s) => addedCounts.get(`${s}:${t.name}`) ?? 0)));
      const withSequence = sequenceTables.has(t.name);
      const dataColumns = [...t.columns, ...added];
      const columns: ColumnSpec[] = [
        ...(o.consolidated ? [{ name: TENANT_COLUMN, type: { kind: 'string' } as const }] : []),
        { name: TIMESTAMP_COLUMN, type: timestampType },
        ...t.columns.map((c) => ({ name: c.name, type: c.dms.type })),
        ...(withSequence ? [{ name: SEQUENCE_COLUMN, type: mysqlDmsType.header.type }] : []),
        ...added.map((c) => ({ name: c.name, type: c.dms.type })),
      ];
      const keyColumns = [...(o.consolidated ? [TENANT_COLUMN] : []), ...t.primaryKey];
      const rows: Record<string, string | null>[] = [];
      for (const source of group) {
        const state = states[o.sources.indexOf(source)]?.get(t.name) ?? [];
        for (const live of state) {
          const row: Record<string, string | null> = {};
          if (o.consolidated) row[TENANT_COLUMN] = source;
          // canonicalText of a UTC timestamp(6) is its DMS text plus `Z`; the text is already at hand.
          row[TIMESTAMP_COLUMN] = `${live.dmsTimestamp}Z`;
          dataColumns.forEach((c, i) => {
            row[c.name] = canonicalText(c.dms.type, live.values[i] ?? null);
          });
          if (withSequence) row[SEQUENCE_COLUMN] = live.sequence;
          rows.push(row);
        }
      }
      const id = `${first}:${t.name}`;
      targets.push({
        warehouse: { id, namespace: target.schema, name: target.table, deletes: o.deletes, keyColumns },
        speedLayer: { id, namespace: undefined, name: target.speed, deletes: 'hard', keyColumns },
        sources: group.map((s) => `${s}:${t.name}`),
        columns,
        rows: sortRows(rows, keyColumns),
      } satisfies OracleTable);
    }
  }
  return targets;
}
