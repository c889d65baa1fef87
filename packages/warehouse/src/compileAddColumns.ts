import { compileLiveView } from './compileLiveView.js';
import type { MergePlan } from './MergePlan.js';
import type { WarehouseDialect } from './WarehouseDialect.js';

/**
 * `ALTER TABLE … ADD COLUMN` for each of `added` (names of plan columns the table does not have yet; existing
 * rows read NULL), then the live view again so it shows them. Empty when nothing is added.
 */
export function compileAddColumns(
  plan: MergePlan,
  dialect: WarehouseDialect,
  added: readonly string[],
): readonly string[] {
  if (added.length === 0) return Object.freeze([]);
  const q = (name: string) => dialect.quoteIdent(name);
  const statements = added.map((name) => {
    const column = plan.columns.find((c) => c.name === name);
    if (column === undefined) throw new RangeError(`column "${name}" is not in the plan of ${plan.tableId}`);
    return `ALTER TABLE ${q(plan.target.namespace)}.${q(plan.target.name)} ADD COLUMN ${q(column.name)} ${dialect.typeName(column.type)}`;
  });
  const view = compileLiveView(plan, dialect);
  if (view !== undefined) statements.push(view);
  return Object.freeze(statements);
}
