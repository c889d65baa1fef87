import type { MergePlan } from './MergePlan.js';
import type { WarehouseDialect } from './WarehouseDialect.js';

/**
 * `deletes: soft` only: `CREATE OR REPLACE VIEW <table>_live` over the rows not flagged deleted, with the data
 * columns and `_ferry_position`, `_ferry_file`. The columns are listed, not `*`, because some warehouses fix a
 * view's columns when it is created; so the view is replaced whenever the table gains a column.
 * Returns `undefined` for hard deletes (the table itself holds live rows only).
 */
export function compileLiveView(plan: MergePlan, dialect: WarehouseDialect): string | undefined {
  if (plan.liveView === undefined) return undefined;
  const q = (name: string) => dialect.quoteIdent(name);
  const columns = [...plan.columns.map((c) => c.name), plan.meta.position, plan.meta.file].map(q);
  return [
    `CREATE OR REPLACE VIEW ${dialect.qualify(plan.liveView.namespace, plan.liveView.name)} AS`,
    `SELECT ${columns.join(', ')} FROM ${dialect.qualify(plan.target.namespace, plan.target.name)} WHERE NOT ${q(plan.meta.deleted)}`,
  ].join('\n');
}
