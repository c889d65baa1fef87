import type { ParsedMappingFile } from './ParsedMappingFile.js';
import type { PathProblem } from './PathProblem.js';
import { resolveTable } from './resolveTable.js';
import type { SourceMapping } from './SourceMapping.js';
import type { TableMapping } from './TableMapping.js';
import { targetNameReason } from './targetNameReason.js';

/** One parsed mapping file with every default applied; problems only this file can show go to `report`. */
export function resolveSource(
  fileName: string,
  parsed: ParsedMappingFile,
  report: (problem: PathProblem) => void,
): SourceMapping {
  if (parsed.tenant) {
    const { column } = parsed.tenant;
    const reason = targetNameReason(column);
    if (reason)
      report({
        path: ['tenant', 'column'],
        message: `${JSON.stringify(column)} cannot be a tenant column name: ${reason}`,
      });
  }
  const tables = new Map<string, TableMapping>();
  for (const [key, entry] of Object.entries(parsed.tables)) tables.set(key, resolveTable(parsed, key, entry, report));
  const writer = parsed.writer && {
    account: parsed.writer.account,
    ...(parsed.writer.role === undefined ? {} : { role: parsed.writer.role }),
  };
  return { source: parsed.source, prefix: parsed.prefix, ...(writer ? { writer } : {}), file: fileName, tables };
}
