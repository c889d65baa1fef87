import { type SinkTable, STATUS_VIEW, type TableRef } from '@ferry/core';
import { defaultWarehouseSchema } from './defaultWarehouseSchema.js';
import type { ParsedMappingFile } from './ParsedMappingFile.js';
import type { PathProblem } from './PathProblem.js';
import type { TableMapping } from './TableMapping.js';
import { targetKeyColumns } from './targetKeyColumns.js';
import { targetNameReason } from './targetNameReason.js';

type ParsedTable = ParsedMappingFile['tables'][string];
type Path = readonly PropertyKey[];

/**
 * One table entry with every default applied, checked for what zod cannot see: names that contradict each
 * other, target names the sinks cannot take, reserved names, target columns that differ only in case.
 * Problems go to `report`; the mapping is returned either way so cross-file checks can still run.
 */
export function resolveTable(
  file: ParsedMappingFile,
  key: string,
  entry: ParsedTable,
  report: (problem: PathProblem) => void,
): TableMapping {
  const base: Path = ['tables', key];
  const at = (...rest: PropertyKey[]): Path => [...base, ...rest];
  const dot = key.indexOf('.');
  const ref: TableRef = { schema: key.slice(0, dot), table: key.slice(dot + 1) };
  const id = `${file.source}:${key}`;

  const exclude = entry.columns?.exclude ?? [];
  const mask = entry.columns?.mask ?? [];
  const wallClock = entry.columns?.wallClock ?? [];
  const json = entry.columns?.json ?? [];
  const rename: Record<string, string> = Object.assign(Object.create(null), entry.columns?.rename ?? {});
  const excluded = new Set(exclude);
  const masked = new Set(mask);

  // Where each source column is first named, for messages that point at it.
  const named = new Map<string, Path>();
  const lists: [string, readonly string[]][] = [
    ['primaryKey', entry.primaryKey],
    ['exclude', exclude],
    ['mask', mask],
    ['wallClock', wallClock],
    ['json', json],
  ];
  for (const [list, names] of lists) {
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      const path = list === 'primaryKey' ? at(list, i) : at('columns', list, i);
      const first = seen.get(name);
      if (first !== undefined) {
        report({ path, message: `${JSON.stringify(name)} is listed twice (also at [${first}]) — remove one` });
      }
      seen.set(name, first ?? i);
      if (!named.has(name)) named.set(name, path);
    });
  }
  for (const name of Object.keys(rename)) if (!named.has(name)) named.set(name, at('columns', 'rename', name));

  // Sequence and timestamp columns: a table's value overrides the source's; `false` means none.
  const sequence = pick(entry.sequenceColumn, file.sequenceColumn, at('sequenceColumn'), ['sequenceColumn']);
  const timestamp = pick(entry.timestampColumn, file.timestampColumn, at('timestampColumn'), ['timestampColumn']);
  for (const column of [sequence, timestamp]) {
    if (column.name !== undefined && !named.has(column.name)) named.set(column.name, column.path);
  }

  for (const [name, path] of named) {
    if (/^_ferry_/i.test(name)) {
      report({
        path,
        message: `${JSON.stringify(name)}: column names starting with "_ferry_" are reserved for ferry's own columns`,
      });
    }
  }

  entry.primaryKey.forEach((name, i) => {
    if (entry.primaryKey.indexOf(name) !== i) return; // a repeat was reported above
    if (excluded.has(name)) {
      report({
        path: at('primaryKey', i),
        message: `primary-key column ${JSON.stringify(name)} is also in columns.exclude — the sinks need the key to find the row; remove it from columns.exclude`,
      });
    }
    if (masked.has(name)) {
      report({
        path: at('primaryKey', i),
        message: `primary-key column ${JSON.stringify(name)} is also in columns.mask — the sinks need the key's real value to find the row; remove it from columns.mask`,
      });
    }
    if (json.includes(name)) {
      report({
        path: at('primaryKey', i),
        message: `primary-key column ${JSON.stringify(name)} is also in columns.json — the warehouse compares and partitions by key values, which its JSON types do not allow; remove it from columns.json`,
      });
    }
  });
  const contradictions: [string, readonly string[], string][] = [
    ['mask', mask, 'masked'],
    ['wallClock', wallClock, 'marked wall-clock'],
    ['json', json, 'marked JSON'],
    ['rename', Object.keys(rename), 'renamed'],
  ];
  for (const [list, names, verb] of contradictions) {
    names.forEach((name, i) => {
      if (!excluded.has(name)) return;
      report({
        path: at('columns', list, list === 'rename' ? name : i),
        message: `${JSON.stringify(name)} is both excluded and ${verb} — an excluded column never reaches a sink; remove it from columns.exclude or from columns.${list}`,
      });
    });
  }

  // A JSON column is text the warehouse parses: not a hash, not a timestamp, not what orders changes.
  const wallClocked = new Set(wallClock);
  json.forEach((name, i) => {
    if (json.indexOf(name) !== i || excluded.has(name)) return; // reported above
    const path = at('columns', 'json', i);
    if (masked.has(name)) {
      report({
        path,
        message: `${JSON.stringify(name)} is both masked and in columns.json — a masked value is a hash (hex text), not JSON; remove it from columns.mask or from columns.json`,
      });
    }
    if (wallClocked.has(name)) {
      report({
        path,
        message: `${JSON.stringify(name)} is in both columns.wallClock (timestamps) and columns.json (text holding JSON) — a column is one or the other; remove it from one of them`,
      });
    }
    for (const [field, column, role] of [
      ['timestampColumn', timestamp.name, 'ferry reads as a timestamp'],
      ['sequenceColumn', sequence.name, 'orders a row’s changes'],
    ] as const) {
      if (column === name) {
        report({
          path,
          message: `${JSON.stringify(name)} is the ${field}, which ${role}, not JSON text — remove it from columns.json`,
        });
      }
    }
  });

  // Target columns the mapping already knows of (more come from the files; projection checks those).
  const targets = new Map<string, { name: string; origin: string }>();
  if (file.tenant)
    targets.set(file.tenant.column.toLowerCase(), { name: file.tenant.column, origin: 'the tenant column' });
  for (const [source, path] of named) {
    if (excluded.has(source) || /^_ferry_/i.test(source)) continue;
    const renamed = Object.hasOwn(rename, source);
    const target = renamed ? rename[source]! : source;
    const targetPath = renamed ? at('columns', 'rename', source) : path;
    // Renamed targets passed the schema's pattern; a name used as it is must suit every sink too.
    const reason = targetNameReason(target);
    if (reason) {
      const fix = renamed ? '' : ' — map it to another name with columns.rename, or exclude it';
      report({
        path: targetPath,
        message: `${JSON.stringify(target)} cannot be a target column name: ${reason}${fix}`,
      });
      continue;
    }
    const other = targets.get(target.toLowerCase());
    if (other) {
      report({
        path: targetPath,
        message: `target column ${JSON.stringify(target)} (from ${JSON.stringify(source)}) clashes with ${JSON.stringify(other.name)} (from ${other.origin}) — target column names must differ ignoring case (BigQuery); give one another name with columns.rename`,
      });
      continue;
    }
    targets.set(target.toLowerCase(), { name: target, origin: `column ${JSON.stringify(source)}` });
  }

  const keyColumns = targetKeyColumns({ primaryKey: entry.primaryKey, rename, tenant: file.tenant });

  if (entry.warehouse === false && entry.speedLayer === false) {
    report({
      path: base,
      message:
        'skips both the warehouse and the speed layer, so its files would go nowhere — remove the table from tables to leave it unmapped',
    });
  }

  let warehouse: SinkTable | undefined;
  if (entry.warehouse !== false) {
    const given = entry.warehouse;
    const schema = given?.schema ?? defaultWarehouseSchema(file.source);
    const table = given?.table ?? ref.table;
    checkTargetName(
      schema,
      given?.schema,
      'warehouse schema name',
      'warehouse.schema',
      'the source id with other characters replaced by _',
    );
    checkTargetName(table, given?.table, 'warehouse table name', 'warehouse.table', 'the source table name');
    // ferry's status view sits in every warehouse schema it writes (docs/operations.md, "Table status").
    if (table.toLowerCase() === STATUS_VIEW || table.toLowerCase() === `${STATUS_VIEW}_live`) {
      report({
        path: at(...(given?.table === undefined ? ['warehouse'] : ['warehouse', 'table'])),
        message: `"${table}" cannot be a warehouse table name: ferry keeps its status view ${STATUS_VIEW} in each warehouse schema — set warehouse.table to another name`,
      });
    }
    // Under their target names, once each; excluded ones never reach the warehouse.
    const jsonColumns = [...new Set(json)]
      .filter((name) => !excluded.has(name))
      .map((name) => (Object.hasOwn(rename, name) ? rename[name]! : name));
    warehouse = {
      id,
      namespace: schema,
      name: table,
      deletes: given?.deletes ?? 'soft',
      keyColumns,
      ...(jsonColumns.length > 0 ? { jsonColumns } : {}),
    };
  }
  let speedLayer: SinkTable | undefined;
  if (entry.speedLayer !== false) {
    const given = entry.speedLayer;
    const table = given?.table ?? ref.table;
    checkTargetName(table, given?.table, 'speed-layer table name', 'speedLayer.table', 'the source table name');
    // Hard deletes always: the app-facing table holds live rows only.
    speedLayer = { id, namespace: undefined, name: table, deletes: 'hard', keyColumns };
  }

  return {
    id,
    source: file.source,
    table: ref,
    primaryKey: entry.primaryKey,
    sequenceColumn: sequence.name,
    timestampColumn: timestamp.name,
    wallClock,
    json,
    exclude,
    mask,
    rename: Object.freeze(rename),
    tenant: file.tenant ? { column: file.tenant.column, value: file.tenant.value } : undefined,
    freshnessMinutes: entry.freshnessMinutes ?? file.freshnessMinutes,
    warehouse,
    speedLayer,
  };

  function checkTargetName(name: string, given: string | undefined, what: string, field: string, origin: string): void {
    const reason = targetNameReason(name);
    if (!reason) return;
    if (given !== undefined) {
      report({ path: at(...field.split('.')), message: `${JSON.stringify(name)} cannot be a ${what}: ${reason}` });
    } else if (field === 'warehouse.schema') {
      // The same default for every table of the source: say it once, at the source id it comes from.
      report({
        path: ['source'],
        message: `the default warehouse schema ${JSON.stringify(name)} (${origin}) cannot be a schema name: ${reason} — set warehouse.schema in each table`,
      });
    } else {
      report({
        path: base,
        message: `${field} defaults to ${JSON.stringify(name)} (${origin}), which cannot be a ${what}: ${reason} — set ${field}`,
      });
    }
  }
}

function pick(
  tableValue: string | false | undefined,
  sourceValue: string | false | undefined,
  tablePath: Path,
  sourcePath: Path,
): { name: string | undefined; path: Path } {
  if (tableValue !== undefined) return { name: tableValue === false ? undefined : tableValue, path: tablePath };
  return { name: sourceValue === false ? undefined : sourceValue, path: sourcePath };
}
