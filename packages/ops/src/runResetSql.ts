import type { Sink } from '@ferry/core';
import type { ResetSql } from './ResetSql.js';

/**
 * Runs a target's reset through `sink.query`: the drops, then the deletes of the bookkeeping tables that exist
 * (a target never loaded is not an error). Every statement is idempotent, so a
 * rerun, or a run after a crash half way, finishes the job. Returns the statements run, in order.
 */
export async function runResetSql(sink: Pick<Sink, 'query'>, sql: ResetSql): Promise<string[]> {
  const ran: string[] = [];
  for (const statement of sql.drops) {
    await sink.query(statement);
    ran.push(statement);
  }
  const present = new Set((await sink.query(sql.existing)).rows.map((r) => String(r[0])));
  for (const d of sql.deletes) {
    if (!present.has(d.table)) continue;
    await sink.query(d.sql);
    ran.push(d.sql);
  }
  return ran;
}
