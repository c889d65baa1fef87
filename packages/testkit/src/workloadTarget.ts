import type { SourceTable } from './shopTables.js';
import type { TargetOptions } from './TargetOptions.js';

function ident(source: string): string {
  return source.replace(/-/g, '_');
}

/** Where one source's table lands: consolidated `analytics.<table>`, or per source `raw_<source>.<table>`. */
export function workloadTarget(
  source: string,
  table: SourceTable,
  o: Pick<TargetOptions, 'consolidated'>,
): { schema: string; table: string; speed: string } {
  return o.consolidated
    ? { schema: 'analytics', table: table.table, speed: table.table }
    : { schema: `raw_${ident(source)}`, table: table.table, speed: `${ident(source)}_${table.table}` };
}
