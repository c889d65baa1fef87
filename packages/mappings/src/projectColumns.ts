import { type ColumnSpec, DmsFileError, isSafeIdentifier } from '@ferry/core';
import type { TableMapping } from './TableMapping.js';

const STRING = { kind: 'string' } as const;

/**
 * A file's columns as they land in the sinks: the tenant column first (a string), then the file's columns
 * in file order without excluded ones, masked ones typed `string`, renamed ones under their target name.
 *
 * Throws `DmsFileError` when the file lacks a primary-key column, or when a column would land under a
 * name the sinks cannot take (not a safe identifier, reserved `_ferry_…`, or equal to another ignoring case).
 */
export function projectColumns(fileKey: string, columns: readonly ColumnSpec[], table: TableMapping): ColumnSpec[] {
  for (const key of table.primaryKey) {
    if (!columns.some((c) => c.name === key)) {
      throw new DmsFileError(fileKey, `primary-key column "${key}" of ${table.id} is missing from the file`, {
        hint: `Every file must carry the primaryKey columns; check primaryKey for ${table.id} in the ${table.source} mapping`,
      });
    }
  }
  const excluded = new Set(table.exclude);
  const masked = new Set(table.mask);
  const out: ColumnSpec[] = [];
  const seen = new Map<string, string>();
  if (table.tenant) {
    out.push({ name: table.tenant.column, type: STRING });
    seen.set(table.tenant.column.toLowerCase(), 'the tenant column');
  }
  for (const column of columns) {
    if (excluded.has(column.name)) continue;
    const name = Object.hasOwn(table.rename, column.name) ? table.rename[column.name]! : column.name;
    const fix = `Rename it (columns.rename) or exclude it (columns.exclude) in the mapping for ${table.id}`;
    if (!isSafeIdentifier(name) || /^_ferry_/i.test(name)) {
      throw new DmsFileError(
        fileKey,
        `column ${JSON.stringify(name)} cannot be a target column name: ${
          isSafeIdentifier(name)
            ? 'names starting with "_ferry_" are reserved for ferry'
            : 'only letters, digits and _ are allowed, starting with a letter or _, at most 63 characters'
        }`,
        { hint: fix },
      );
    }
    const clash = seen.get(name.toLowerCase());
    if (clash !== undefined) {
      throw new DmsFileError(
        fileKey,
        `column ${JSON.stringify(column.name)} would land as ${JSON.stringify(name)}, which ${clash} already is (names must differ ignoring case)`,
        { hint: fix },
      );
    }
    seen.set(name.toLowerCase(), `column ${JSON.stringify(column.name)}`);
    out.push({ name, type: masked.has(column.name) ? STRING : column.type });
  }
  return out;
}
