import type { MergePlan } from './MergePlan.js';
import type { WarehouseDialect } from './WarehouseDialect.js';

/**
 * Selects `columns` of the rows a consumer sees — the live view for soft deletes, the table for hard ones —
 * ordered by key, so sinks can be compared row by row. A JSON column is read as the warehouse's own JSON text
 * (`jsonToText`), which need not be the text that was loaded: key order, spacing and number spelling may differ.
 */
export function compileReadLive(plan: MergePlan, dialect: WarehouseDialect, columns: readonly string[]): string {
  const q = (name: string) => dialect.quoteIdent(name);
  const source = plan.liveView ?? plan.target;
  const types = new Map(plan.columns.map((c) => [c.name, c.type]));
  const select = columns.map((name) => {
    const type = types.get(name);
    if (type === undefined) throw new RangeError(`column "${name}" is not in the plan of ${plan.tableId}`);
    return type.kind === 'string' && type.json ? `${dialect.jsonToText(q(name))} AS ${q(name)}` : q(name);
  });
  return `SELECT ${select.join(', ')} FROM ${dialect.qualify(source.namespace, source.name)} ORDER BY ${plan.keyColumns.map((c) => q(c.name)).join(', ')}`;
}
