import type { ColumnSpec, ColumnType } from '@ferry/core';
import { compileLiveView } from './compileLiveView.js';
import type { MergePlan } from './MergePlan.js';
import type { WarehouseDialect } from './WarehouseDialect.js';

const TEXT: ColumnType = { kind: 'string' };
const BOOLEAN: ColumnType = { kind: 'boolean' };

/**
 * Idempotent DDL for a table's first batch: the target table (data columns, then `_ferry_deleted` for soft
 * deletes, `_ferry_position`, `_ferry_file`), the tombstone table (hard) or the live view (soft).
 *
 * No primary key is declared: the cloud warehouses do not enforce one, and the merge keeps keys unique.
 */
export function compileCreateTables(plan: MergePlan, dialect: WarehouseDialect): readonly string[] {
  const q = (name: string) => dialect.quoteIdent(name);
  const keys = new Set(plan.keyColumns.map((c) => c.name));
  const define = (c: ColumnSpec) => `${q(c.name)} ${dialect.typeName(c.type)}${keys.has(c.name) ? ' NOT NULL' : ''}`;
  const meta = [
    ...(plan.deletes === 'soft' ? [`${q(plan.meta.deleted)} ${dialect.typeName(BOOLEAN)} NOT NULL`] : []),
    `${q(plan.meta.position)} ${dialect.typeName(TEXT)} NOT NULL`,
    `${q(plan.meta.file)} ${dialect.typeName(TEXT)} NOT NULL`,
  ];
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${dialect.qualify(plan.target.namespace, plan.target.name)} (${[...plan.columns.map(define), ...meta].join(', ')})`,
  ];
  if (plan.tombstones !== undefined) {
    statements.push(
      `CREATE TABLE IF NOT EXISTS ${dialect.qualify(plan.tombstones.namespace, plan.tombstones.name)} (${[
        ...plan.keyColumns.map(define),
        `${q(plan.meta.position)} ${dialect.typeName(TEXT)} NOT NULL`,
      ].join(', ')})`,
    );
  }
  const view = compileLiveView(plan, dialect);
  if (view !== undefined) statements.push(view);
  return Object.freeze(statements);
}
