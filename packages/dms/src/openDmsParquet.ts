import {
  type ChangeBatch,
  type ChangeOp,
  type ColumnValue,
  type DmsFile,
  DmsFileError,
  describeType,
  position,
} from '@ferry/core';
import { type FileMetaData, parquetSchema, type SchemaElement, type SchemaTree } from 'hyparquet';
import type { ByteSource } from './ByteSource.js';
import type { ColumnPlan } from './ColumnPlan.js';
import { checkColumnChunks } from './checkColumnChunks.js';
import type { DmsParquetFile } from './DmsParquetFile.js';
import type { DmsParquetOptions } from './DmsParquetOptions.js';
import { errorMessage } from './errorMessage.js';
import { planColumn } from './planColumn.js';
import { readParquetFooter } from './readParquetFooter.js';
import { readRowGroupValues } from './readRowGroupValues.js';
import { unsequencedPositions } from './unsequencedPositions.js';

/** The DMS change-operation column (FACTS.md §1): `I`, `U` or `D`; absent from full loads by default. */
const OP_COLUMN = 'Op';

/**
 * Opens a DMS parquet file for reading: checks the footer, plans every column's exact type and returns the
 * schema at once; `rowGroups()` then reads one row group at a time into `ChangeBatch`es with `ops` (from `Op`,
 * or all inserts in a full load without it) and positions (from `options.sequenceColumn`, the file ordinal and
 * the row number).
 *
 * Everything wrong with the file — CSV, zero bytes, not parquet, truncated, corrupt pages, an unsupported or
 * nested column, a missing `Op` in CDC, a bad `Op` or sequence value — is a `DmsFileError` naming `file.key`
 * (and the row, where one row is to blame). Errors of `source` itself (I/O) pass through unchanged.
 *
 * @example
 * const parquet = await openDmsParquet(await fileByteSource(path), file, { timestampColumns: ['DMS_TIMESTAMP'] });
 * for await (const batch of parquet.rowGroups()) sink(batch);
 */
export async function openDmsParquet(
  source: ByteSource,
  file: DmsFile,
  options: DmsParquetOptions = {},
): Promise<DmsParquetFile> {
  const key = file.key;
  if (file.format === 'csv') {
    throw new DmsFileError(key, 'CSV is not supported yet', { hint: 'Set the DMS endpoint to DataFormat=parquet' });
  }
  const metadata = await readParquetFooter(source, key);
  const { plans, op, sequence } = planColumns(metadata, file, options);
  const columns = plans.map((p) => p.spec);

  async function readGroup(group: number, groupStart: number, rowCount: number): Promise<ChangeBatch> {
    const read = op ? [...plans, op] : plans;
    const values = await readRowGroupValues(source, metadata.row_groups[group]!, read, key, group, groupStart);
    const ops = op ? checkOps(values.pop()!, key, groupStart) : allInserts(rowCount);
    const sequences = sequence === undefined ? undefined : values[sequence]!;
    const sequenceName = sequence === undefined ? '' : columns[sequence]!.name;
    const positions = new Array<string>(rowCount);
    if (sequences === undefined) {
      unsequencedPositions(file, groupStart, positions);
      return { file, columns, values, ops, positions, firstRow: groupStart, rowCount };
    }
    for (let r = 0; r < rowCount; r++) {
      const row = groupStart + r;
      const value = sequences[r]!;
      // Full-load rows have no change sequence: DMS leaves the header NULL or empty there. Full load sorts
      // before all CDC by phase anyway, so such rows take no sequence rather than failing the file.
      if (file.kind === 'full-load' && (value === null || value === '')) {
        positions[r] = position(file, undefined, row);
        continue;
      }
      try {
        positions[r] = position(file, sequenceText(value), row);
      } catch (cause) {
        const shown = value === null ? 'NULL' : JSON.stringify(String(value));
        throw new DmsFileError(key, `sequence column "${sequenceName}" is ${shown}, expected 1 to 35 decimal digits`, {
          row,
          cause,
        });
      }
    }
    return { file, columns, values, ops, positions, firstRow: groupStart, rowCount };
  }

  return {
    columns,
    rowCount: Number(metadata.num_rows),
    rowGroupCount: metadata.row_groups.length,
    async *rowGroups() {
      let groupStart = 0;
      for (const [group, rowGroup] of metadata.row_groups.entries()) {
        const rowCount = Number(rowGroup.num_rows);
        if (rowCount > 0) yield await readGroup(group, groupStart, rowCount);
        groupStart += rowCount;
      }
    },
  };
}

function planColumns(
  metadata: FileMetaData,
  file: DmsFile,
  options: DmsParquetOptions,
): { plans: ColumnPlan[]; op: ColumnPlan | undefined; sequence: number | undefined } {
  const key = file.key;
  let tree: SchemaTree;
  try {
    tree = parquetSchema(metadata);
  } catch (cause) {
    throw new DmsFileError(key, `corrupt parquet schema: ${errorMessage(cause)}`, { cause });
  }
  const timestampText = new Set(options.timestampColumns ?? []);
  const wallClock = new Set(options.wallClockColumns ?? []);
  const plans: ColumnPlan[] = [];
  const seen = new Set<string>();
  let op: ColumnPlan | undefined;
  for (const child of tree.children) {
    const element = child.element;
    const name = element.name;
    if (child.children.length > 0 || element.num_children) {
      throw new DmsFileError(key, `column "${name}" is a nested group, which ferry does not support`);
    }
    if (element.repetition_type === 'REPEATED') {
      throw new DmsFileError(key, `column "${name}" is repeated (a list), which ferry does not support`);
    }
    if (seen.has(name)) throw new DmsFileError(key, `column "${name}" appears twice`);
    seen.add(name);
    if (name === OP_COLUMN) {
      op = planOp(key, element);
    } else {
      plans.push(planColumn(key, element, { timestampText: timestampText.has(name), wallClock: wallClock.has(name) }));
    }
  }
  checkColumnChunks(metadata, plans, key);
  if (!op && file.kind === 'cdc') {
    throw new DmsFileError(key, `a CDC file must have an "${OP_COLUMN}" column (I/U/D) and this one has none`);
  }

  let sequence: number | undefined;
  if (options.sequenceColumn !== undefined) {
    const name = options.sequenceColumn;
    const index = plans.findIndex((p) => p.spec.name === name);
    if (index < 0) {
      if (file.kind === 'cdc') {
        throw new DmsFileError(key, `the sequence column "${name}" is missing from this CDC file`, {
          hint: 'Add it with a DMS transformation rule (e.g. $AR_H_CHANGE_SEQ) or drop sequenceColumn from the mapping',
        });
      }
    } else {
      const type = plans[index]!.spec.type;
      if (type.kind !== 'string' && type.kind !== 'int') {
        throw new DmsFileError(
          key,
          `the sequence column "${name}" is ${describeType(type)}, expected a string or integer`,
        );
      }
      sequence = index;
    }
  }
  return { plans, op, sequence };
}

function planOp(key: string, element: SchemaElement): ColumnPlan {
  if (element.type !== 'BYTE_ARRAY') {
    throw new DmsFileError(key, `the "${OP_COLUMN}" column is ${element.type}, expected a string (I, U or D)`);
  }
  // Read as text whatever its annotation: DMS writes it as UTF8, but the value check below is what counts.
  return planColumn(
    key,
    { ...element, converted_type: 'UTF8', logical_type: undefined },
    {
      timestampText: false,
      wallClock: false,
    },
  );
}

function checkOps(values: ColumnValue[], key: string, groupStart: number): ChangeOp[] {
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (v !== 'I' && v !== 'U' && v !== 'D') {
      throw new DmsFileError(key, `"${OP_COLUMN}" is ${v === null ? 'NULL' : JSON.stringify(v)}, expected I, U or D`, {
        row: groupStart + r,
      });
    }
  }
  return values as ChangeOp[];
}

function allInserts(rowCount: number): ChangeOp[] {
  return new Array<ChangeOp>(rowCount).fill('I');
}

/** The digits `position` checks (it throws a RangeError for anything else, turned into a DmsFileError above). */
function sequenceText(value: ColumnValue): string {
  if (typeof value === 'string') return value;
  if ((typeof value === 'bigint' || typeof value === 'number') && value >= 0) return String(value);
  return '-'; // NULL or negative: not digits
}
