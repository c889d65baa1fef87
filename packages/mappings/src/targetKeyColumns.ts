import type { TableMapping } from './TableMapping.js';

/** Target names of a table's row key: the tenant column first, then the primary key as renamed. */
export function targetKeyColumns(table: Pick<TableMapping, 'primaryKey' | 'rename' | 'tenant'>): string[] {
  const key = table.primaryKey.map((name) => (Object.hasOwn(table.rename, name) ? table.rename[name]! : name));
  return table.tenant ? [table.tenant.column, ...key] : key;
}
