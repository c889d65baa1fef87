import { ChangeOp, type ColumnType } from '@ferry/core';
import { MergeOutcome } from './MergeOutcome.js';
import type { MergePlan } from './MergePlan.js';
import type { MergeSql } from './MergeSql.js';
import { stagedType } from './stagedType.js';
import type { WarehouseDialect } from './WarehouseDialect.js';
import { warehouseNames } from './warehouseNames.js';

const TEXT: ColumnType = { kind: 'string' };

/**
 * Compiles a merge plan into the statements of `MergeSql` for one dialect.
 *
 * Version guard: a staged change applies only when its `_ferry_position` is greater than the stored one
 * (positions are fixed-width digit strings, so text order is position order). Deletes stick:
 * - `soft`: a newer delete flags the row (`_ferry_deleted = TRUE`); a delete for an unknown key inserts the
 *   row already flagged, so a late, older insert finds it and is refused;
 * - `hard`: a newer delete removes the row and its position goes to the tombstone table (kept at the highest
 *   delete position per key); an insert for a key with no row is refused unless newer than its tombstone.
 */
export function compileMerge(plan: MergePlan, dialect: WarehouseDialect): MergeSql {
  const q = (name: string) => dialect.quoteIdent(name);
  const table = (name: { namespace: string; name: string }) => dialect.qualify(name.namespace, name.name);
  const { meta } = plan;
  const staging = dialect.tempTableRef(plan.staging);
  const batch = dialect.tempTableRef(plan.batch);
  const target = table(plan.target);
  const keyNames = plan.keyColumns.map((c) => q(c.name));
  const on = (left: string, right: string) => keyNames.map((k) => `${left}.${k} = ${right}.${k}`).join(' AND ');
  const isDelete = `s.${q(meta.op)} = '${ChangeOp.Delete}'`;
  const isNotDelete = `s.${q(meta.op)} <> '${ChangeOp.Delete}'`;
  const newer = `s.${q(meta.position)} > t.${q(meta.position)}`;
  const stampSet = [meta.position, meta.file].map((c) => `${q(c)} = s.${q(c)}`);
  const valueSet = plan.valueColumns.map((c) => `${q(c.name)} = s.${q(c.name)}`);
  const dataNames = plan.columns.map((c) => q(c.name));

  const stagingColumns = [
    ...plan.columns.map((c) => `${q(c.name)} ${dialect.typeName(stagedType(c.type))}`),
    `${q(meta.op)} ${dialect.opTypeName}`,
    `${q(meta.position)} ${dialect.typeName(TEXT)}`,
    `${q(meta.file)} ${dialect.typeName(TEXT)}`,
  ];
  const createStaging = dialect.createTempTable(plan.staging, `(${stagingColumns.join(', ')})`);
  const stampFile = `UPDATE ${staging} SET ${q(meta.file)} = ${dialect.placeholder(1)} WHERE ${q(meta.file)} IS NULL`;

  // JSON columns are staged as text and parsed here, once, so the MERGE, the tombstones and the classification
  // read them as the table holds them and need no JSON case of their own.
  const parsed = plan.columns
    .filter((c) => c.type.kind === 'string' && c.type.json)
    .map((c) => `${dialect.jsonFromText(q(c.name))} AS ${q(c.name)}`);
  // The file key breaks ties only for identical positions (same row of two partition folders of one full load),
  // so the choice is the same on every run.
  const dedupe = dialect.createTempTable(
    plan.batch,
    [
      `AS SELECT *${parsed.length > 0 ? ` REPLACE (${parsed.join(', ')})` : ''} FROM ${staging}`,
      `QUALIFY ROW_NUMBER() OVER (PARTITION BY ${keyNames.join(', ')} ORDER BY ${q(meta.position)} DESC, ${q(meta.file)} DESC) = 1`,
    ].join('\n'),
  );

  const storedPosition = `t.${q(meta.position)}`;
  const tombstones = plan.tombstones === undefined ? undefined : table(plan.tombstones);
  const caseLines = [
    `WHEN ${storedPosition} IS NOT NULL AND s.${q(meta.position)} <= ${storedPosition} THEN '${MergeOutcome.stale}'`,
  ];
  if (tombstones !== undefined) {
    caseLines.push(
      `WHEN ${storedPosition} IS NULL AND b.${q(meta.position)} IS NOT NULL AND s.${q(meta.position)} <= b.${q(meta.position)} THEN '${MergeOutcome.stale}'`,
    );
  }
  caseLines.push(`WHEN ${isDelete} THEN '${MergeOutcome.deleted}'`);
  caseLines.push(
    plan.deletes === 'soft'
      ? `WHEN ${storedPosition} IS NULL OR t.${q(meta.deleted)} THEN '${MergeOutcome.inserted}'`
      : `WHEN ${storedPosition} IS NULL THEN '${MergeOutcome.inserted}'`,
  );
  // Per file too, so a call holding several mapping entries' files (one consolidated table) reports each entry's counts.
  caseLines.push(`ELSE '${MergeOutcome.updated}' END AS ${q('outcome')}, s.${q(meta.file)}`);
  const classify = [
    `SELECT ${q('outcome')}, ${q(meta.file)}, COUNT(*) AS ${q('changes')} FROM (`,
    'SELECT CASE',
    ...caseLines,
    `FROM ${batch} AS s`,
    `LEFT JOIN ${target} AS t ON ${on('t', 's')}`,
    ...(tombstones === undefined ? [] : [`LEFT JOIN ${tombstones} AS b ON ${on('b', 's')}`]),
    `) AS c GROUP BY ${q('outcome')}, ${q(meta.file)}`,
  ].join('\n');

  const apply: string[] = [];
  let merge: string[];
  if (tombstones === undefined) {
    merge = [
      `MERGE INTO ${target} AS t`,
      `USING ${batch} AS s`,
      `ON ${on('t', 's')}`,
      `WHEN MATCHED AND ${newer} AND ${isDelete} THEN UPDATE SET ${[`${q(meta.deleted)} = TRUE`, ...stampSet].join(', ')}`,
      `WHEN MATCHED AND ${newer} AND ${isNotDelete} THEN UPDATE SET ${[...valueSet, `${q(meta.deleted)} = FALSE`, ...stampSet].join(', ')}`,
      `WHEN NOT MATCHED THEN INSERT (${[...dataNames, q(meta.deleted), q(meta.position), q(meta.file)].join(', ')})`,
      `VALUES (${[...dataNames.map((c) => `s.${c}`), isDelete, `s.${q(meta.position)}`, `s.${q(meta.file)}`].join(', ')})`,
    ];
  } else {
    const tombstonePosition = `s.${q(warehouseNames.tombstonePosition)}`;
    apply.push(
      [
        `MERGE INTO ${tombstones} AS t`,
        `USING (SELECT ${[...keyNames, q(meta.position)].join(', ')} FROM ${batch} WHERE ${q(meta.op)} = '${ChangeOp.Delete}') AS s`,
        `ON ${on('t', 's')}`,
        `WHEN MATCHED AND ${newer} THEN UPDATE SET ${q(meta.position)} = s.${q(meta.position)}`,
        `WHEN NOT MATCHED THEN INSERT (${[...keyNames, q(meta.position)].join(', ')}) VALUES (${[...keyNames, q(meta.position)].map((c) => `s.${c}`).join(', ')})`,
      ].join('\n'),
    );
    const deleteInMerge = dialect.capabilities.supportsMergeDelete;
    if (!deleteInMerge) {
      apply.push(
        [
          `DELETE FROM ${target} AS t WHERE EXISTS (`,
          `SELECT 1 FROM ${batch} AS s WHERE ${on('s', 't')} AND ${isDelete} AND ${newer})`,
        ].join('\n'),
      );
    }
    merge = [
      `MERGE INTO ${target} AS t`,
      `USING (SELECT s.*, b.${q(meta.position)} AS ${q(warehouseNames.tombstonePosition)} FROM ${batch} AS s LEFT JOIN ${tombstones} AS b ON ${on('b', 's')}) AS s`,
      `ON ${on('t', 's')}`,
      ...(deleteInMerge ? [`WHEN MATCHED AND ${newer} AND ${isDelete} THEN DELETE`] : []),
      `WHEN MATCHED AND ${newer} AND ${isNotDelete} THEN UPDATE SET ${[...valueSet, ...stampSet].join(', ')}`,
      `WHEN NOT MATCHED AND ${isNotDelete} AND (${tombstonePosition} IS NULL OR s.${q(meta.position)} > ${tombstonePosition}) THEN INSERT (${[...dataNames, q(meta.position), q(meta.file)].join(', ')})`,
      `VALUES (${[...dataNames.map((c) => `s.${c}`), `s.${q(meta.position)}`, `s.${q(meta.file)}`].join(', ')})`,
    ];
  }
  apply.push(merge.join('\n'));

  return Object.freeze({
    createStaging,
    stampFile,
    dedupe,
    classify,
    apply: Object.freeze(apply),
    dropTemp: Object.freeze(
      [plan.batch, plan.staging].map((name) => `DROP TABLE IF EXISTS ${dialect.tempTableRef(name)}`),
    ),
  });
}
