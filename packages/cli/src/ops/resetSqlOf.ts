import { FerryError, type Sink } from '@ferry/core';
import type { ReloadTarget, ResetSql } from '@ferry/ops';
import { mysqlDialect, postgresDialect, resetTargetSql } from '@ferry/speed-layer';
import {
  bigQueryDialect,
  compileResetTarget,
  duckDbDialect,
  snowflakeDialect,
  type WarehouseDialect,
} from '@ferry/warehouse';

const WAREHOUSE_DIALECTS: Record<string, WarehouseDialect> = {
  duckdb: duckDbDialect,
  snowflake: snowflakeDialect,
  bigquery: bigQueryDialect,
};

/** The reset statements of a `ferry reload` target, in the dialect of the sink it lives in. */
export function resetSqlOf(t: ReloadTarget, sink: Sink): ResetSql {
  const ids = t.entries.map((e) => e.id);
  if (t.sink === 'warehouse') {
    const dialect = WAREHOUSE_DIALECTS[sink.dialect];
    if (!dialect) throw new FerryError(`ferry reload does not know warehouse dialect "${sink.dialect}"`);
    return compileResetTarget(t.target.namespace ?? '', t.target.name, ids, dialect);
  }
  const dialect =
    sink.dialect === 'mysql' ? mysqlDialect() : postgresDialect(sink.dialect === 'pglite' ? 'pglite' : 'postgres');
  const sql = resetTargetSql(dialect, t.target.name, ids);
  return { existing: sql.existing, drops: [sql.drop], deletes: sql.deletes };
}
