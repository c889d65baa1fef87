import { type ColumnType, DmsFileError, metaColumns, POSITION_LENGTH, type TableChanges } from '@ferry/core';
import { asText } from './asText.js';
import type { ChangeCounts } from './ChangeCounts.js';
import { ferryTables } from './ferryTables.js';
import { finishText } from './finishText.js';
import { keyMatchSql } from './keyMatchSql.js';
import { keyText } from './keyText.js';
import { metaTypes } from './metaTypes.js';
import { rowKey } from './rowKey.js';
import type { SpeedLayerDialect } from './SpeedLayerDialect.js';
import type { SqlSession } from './SqlSession.js';
import { statementBatches } from './statementBatches.js';
import type { TableLayout } from './TableLayout.js';

/**
 * Applies one row group of one file inside the caller's transaction (FACTS.md §6):
 * 1. keeps, per key, the change with the highest position (the same key can appear several times in a file);
 * 2. looks up the tombstones of those keys (when the table has any: `tombstones.exist`, kept up to date here),
 *    and drops changes not newer than their key's tombstone;
 * 3. writes inserts and updates as guarded multi-row upserts (an existing row changes only if older);
 * 4. for deletes newer than the live row: removes the row (guarded) and raises its tombstone (kept at the max).
 * Every change is counted once: inserted, updated, deleted, or stale (refused by a newer version).
 */
export async function applyChunk(
  tx: SqlSession,
  dialect: SpeedLayerDialect,
  layout: TableLayout,
  fileKey: string,
  chunk: TableChanges,
  counts: ChangeCounts,
  tombstones: { exist: boolean },
): Promise<void> {
  const n = chunk.rowCount;
  counts.rows += n;
  if (n === 0) return;

  const byName = new Map(chunk.columns.map((c, i) => [c.name, i]));
  for (const c of chunk.columns) {
    if (!layout.columns.some((l) => l.name === c.name)) {
      throw new DmsFileError(fileKey, `row group has column "${c.name}", which the file's schema does not list`);
    }
  }
  const sources = layout.columns.map((l) => {
    const i = byName.get(l.name);
    const type: ColumnType = i === undefined ? l.held : chunk.columns[i]!.type;
    return { values: i === undefined ? undefined : chunk.values[i], bind: dialect.binder(type), type, held: l.held };
  });
  const keySources = layout.keys.map((k) => ({ ...sources[k]!, name: layout.columns[k]!.name }));
  const missingKey = keySources.find((k) => k.values === undefined);
  if (missingKey) throw new DmsFileError(fileKey, `row group has no primary-key column "${missingKey.name}"`);

  // 1. Dedupe: key text → the row with the highest position.
  const latest = new Map<string, number>();
  const { positions, ops } = chunk;
  for (let r = 0; r < n; r++) {
    const pos = positions[r];
    if (typeof pos !== 'string' || pos.length !== POSITION_LENGTH) {
      throw new DmsFileError(fileKey, `row has no valid position (${JSON.stringify(pos)})`);
    }
    const op = ops[r];
    if (op !== 'I' && op !== 'U' && op !== 'D') {
      throw new DmsFileError(fileKey, `Op ${JSON.stringify(op)} is not I, U or D`, { row: rowNumber(pos) });
    }
    const texts = keySources.map((k) => {
      const v = k.values![r] ?? null;
      if (v === null)
        throw new DmsFileError(fileKey, `primary-key column "${k.name}" is NULL`, { row: rowNumber(pos) });
      return keyText(k.held, k.type, v);
    });
    const key = rowKey(texts);
    const seen = latest.get(key);
    if (seen === undefined || positions[seen]! < pos) latest.set(key, r);
  }
  counts.stale += n - latest.size;

  // 2. Tombstones: a change not newer than its key's tombstone is stale.
  // Skipped while the table has none (a full load, a table without deletes yet): nothing could be found.
  const tombstoned = tombstones.exist
    ? await lookupTombstones(tx, dialect, layout.tableId, [...latest.keys()])
    : new Map<string, string>();
  const upserts: number[] = [];
  const deletes: [string, number][] = [];
  for (const [key, r] of latest) {
    const tomb = tombstoned.get(key);
    if (tomb !== undefined && tomb >= positions[r]!) counts.stale++;
    else if (ops[r] === 'D') deletes.push([key, r]);
    else upserts.push(r);
  }

  // 3. Guarded upserts; the position column goes last (MySQL assigns left to right, FACTS.md §6).
  if (upserts.length > 0) {
    const width = sources.length;
    // Bound lazily, a statement's worth at a time: fewer rows outlive a young-generation GC.
    const rows = (function* () {
      for (const r of upserts) {
        const row: unknown[] = new Array(width + 2);
        for (let c = 0; c < width; c++) {
          const s = sources[c]!;
          const v = s.values === undefined ? null : (s.values[r] ?? null);
          row[c] = v === null ? null : s.bind(v);
        }
        row[width] = fileKey;
        row[width + 1] = positions[r];
        yield row;
      }
    })();
    const q = (name: string) => dialect.quote(name);
    const columns = [...layout.columns.map((c) => c.quoted), q(metaColumns.file), q(metaColumns.position)];
    const keyColumns = layout.keys.map((k) => layout.columns[k]!.quoted);
    const types = [...layout.columns.map((c) => c.held), metaTypes.text, metaTypes.text];
    // One statement stays in flight while the next is bound and escaped: the connection runs them in order
    // inside the transaction, and the JS work overlaps the server's instead of waiting for it.
    let inFlight: Promise<void> | undefined;
    for (const batch of statementBatches(rows, dialect)) {
      const source = dialect.rowSource(types, batch);
      const sql = dialect.guardedUpsert({
        table: layout.table,
        columns,
        keyColumns,
        version: q(metaColumns.position),
        source: source.sql,
      });
      const sent = tx.query(sql, source.params).then((result) => {
        const done = dialect.upsertCounts(result, batch.length);
        counts.inserted += done.inserted;
        counts.updated += done.updated;
        counts.stale += batch.length - done.inserted - done.updated;
      });
      // Awaited below; this only keeps a failure behind an earlier one from surfacing as unhandled.
      sent.catch(() => {});
      if (inFlight) await inFlight;
      inFlight = sent;
    }
    await inFlight;
  }

  // 4. Deletes: only those newer than the live row take effect; each leaves a tombstone.
  if (deletes.length > 0) {
    const keyBinds = (r: number) => keySources.map((k) => k.bind(k.values![r]!));
    const live = await lookupLive(
      tx,
      dialect,
      layout,
      deletes.map(([, r]) => keyBinds(r)),
    );
    const effective = deletes.filter(([key, r]) => {
      const pos = live.get(key);
      if (pos !== undefined && pos >= positions[r]!) {
        counts.stale++;
        return false;
      }
      return true;
    });
    const present = effective.filter(([key]) => live.has(key)).map(([, r]) => [...keyBinds(r), positions[r]]);
    const keys = layout.keys.map((k) => layout.columns[k]!);
    const position = dialect.quote(metaColumns.position);
    for (const batch of statementBatches(present, keyMatching(dialect))) {
      let i = 0;
      const where = batch.map(() => {
        const match = keys.map((k) => `${k.quoted} = ${dialect.keyParam(k.held, dialect.param(i++))}`);
        return `(${match.join(' AND ')} AND ${position} < ${dialect.param(i++)})`;
      });
      await tx.query(`DELETE FROM ${layout.table} WHERE ${where.join(' OR ')}`, batch.flat());
    }
    tombstones.exist ||= effective.length > 0;
    await raiseTombstones(
      tx,
      dialect,
      effective.map(([key, r]) => [layout.tableId, key, positions[r]!]),
    );
    counts.deleted += effective.length;
  }
}

/** Statement limits for matching keys: at most `maxKeysPerMatch` keys per statement. */
function keyMatching(dialect: SpeedLayerDialect) {
  return { ...dialect, maxRowsPerStatement: Math.min(dialect.maxRowsPerStatement, dialect.maxKeysPerMatch) };
}

/** The file row number a position ends with (see `position`). */
function rowNumber(pos: string): number {
  return Number(pos.slice(-12));
}

async function lookupTombstones(
  tx: SqlSession,
  dialect: SpeedLayerDialect,
  tableId: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const q = (name: string) => dialect.quote(name);
  const limits = { ...dialect, maxParams: dialect.maxParams - 1 };
  for (const batch of statementBatches(
    keys.map((k) => [k]),
    limits,
  )) {
    const match = dialect.anyText(q('row_key'), batch.flat(), 1);
    const result = await tx.query(
      `SELECT ${q('row_key')}, ${q('position')} FROM ${q(ferryTables.tombstones)} WHERE ${q('table_id')} = ${dialect.param(0)} AND ${match.sql}`,
      [tableId, ...match.params],
    );
    for (const [key, pos] of result.rows) found.set(asText(key), asText(pos));
  }
  return found;
}

/** Positions of the live rows with these keys (bound key values), by row key. */
async function lookupLive(
  tx: SqlSession,
  dialect: SpeedLayerDialect,
  layout: TableLayout,
  keys: readonly (readonly unknown[])[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const keyColumns = layout.keys.map((k) => layout.columns[k]!);
  const select = keyColumns.map((k) => dialect.readText(k.held, k.quoted)).join(', ');
  for (const batch of statementBatches(keys, keyMatching(dialect))) {
    const result = await tx.query(
      `SELECT ${select}, ${dialect.quote(metaColumns.position)} FROM ${layout.table} WHERE ${keyMatchSql(dialect, keyColumns, batch.length, 0)}`,
      batch.flat(),
    );
    for (const row of result.rows) {
      const texts = keyColumns.map((k, i) => finishText(k.held, asText(row[i])));
      found.set(rowKey(texts), asText(row[keyColumns.length]));
    }
  }
  return found;
}

/** Inserts tombstones, or raises existing ones: a tombstone keeps the highest position it has seen. */
async function raiseTombstones(tx: SqlSession, dialect: SpeedLayerDialect, rows: readonly unknown[][]): Promise<void> {
  const q = (name: string) => dialect.quote(name);
  const columns = ['table_id', 'row_key', 'position'].map(q);
  for (const batch of statementBatches(rows, dialect)) {
    const source = dialect.rowSource([metaTypes.text, metaTypes.text, metaTypes.text], batch);
    await tx.query(
      dialect.guardedUpsert({
        table: q(ferryTables.tombstones),
        columns,
        keyColumns: columns.slice(0, 2),
        version: columns[2]!,
        source: source.sql,
      }),
      source.params,
    );
  }
}
