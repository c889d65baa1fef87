import type { MergePlan } from './MergePlan.js';
import type { WarehouseDialect } from './WarehouseDialect.js';

/**
 * Selects `columns` of the rows a consumer sees — the live view for soft deletes, the table for hard ones —
 * ordered by key, so sinks can be compared row by row.
 */
export function compileReadLive(plan: MergePlan, dialect: WarehouseDialect, columns: readonly string[]): string {
  const q = (name: string) => dialect.quoteIdent(name);
  const source = plan.liveView ?? plan.target;
  const known = new Set(plan.columns.map((c) => c.name));
  for (const name of columns) {
    if (!known.has(name)) throw new RangeError(`column "${name}" is not in the plan of ${plan.tableId}`);
  }
  return `SELECT ${columns.map(q).join(', ')} FROM ${dialect.qualify(source.namespace, source.name)} ORDER BY ${plan.keyColumns.map((c) => q(c.name)).join(', ')}`;
}
