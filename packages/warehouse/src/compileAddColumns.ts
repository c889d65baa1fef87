import { compileLiveView } from './compileLiveView.js';
import type { MergePlan } from './MergePlan.js';
import type { WarehouseDialect } from './WarehouseDialect.js';

/**
 * `ALTER TABLE … ADD COLUMN IF NOT EXISTS` for each of `added` (names of plan columns the table does not have
 * yet; existing rows read NULL), then the live view again so it shows them. Empty when nothing is added.
 * `IF NOT EXISTS`: where DDL cannot join the transaction, a crash between the ALTER and the column registry
 * leaves the column added but unregistered, and the next attempt must be able to add it again.
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
    return `ALTER TABLE ${dialect.qualify(plan.target.namespace, plan.target.name)} ADD COLUMN IF NOT EXISTS ${q(column.name)} ${dialect.typeName(column.type)}`;
  });
  const view = compileLiveView(plan, dialect);
  if (view !== undefined) statements.push(view);
  return Object.freeze(statements);
}
