import { type PGlite, type Results, types } from '@electric-sql/pglite';
import type { SqlClient } from '../SqlClient.js';
import type { SqlResult } from '../SqlResult.js';

const identity = (text: string) => text;
/** PGlite parses int8, JSON, dates, timestamps and bytea by default; keep the server's exact text instead. */
const options = {
  rowMode: 'array' as const,
  parsers: {
    [types.INT8]: identity,
    [types.JSON]: identity,
    [types.JSONB]: identity,
    [types.DATE]: identity,
    [types.TIMESTAMP]: identity,
    [types.TIMESTAMPTZ]: identity,
    [types.BYTEA]: identity,
  },
};

function shape(r: Results<unknown[]>): SqlResult {
  return { columns: r.fields.map((f) => f.name), rows: r.rows, affectedRows: r.affectedRows ?? 0 };
}

/** An embedded PGlite database as the speed layer's `SqlClient`. `ownsDb`: close it on `close()`. */
export function pgliteClient(db: PGlite, ownsDb: boolean): SqlClient {
  return {
    query: async (text, params = []) => shape(await db.query<unknown[]>(text, [...params], options)),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({ query: async (text, params = []) => shape(await tx.query<unknown[]>(text, [...params], options)) }),
      ),
    async close() {
      if (ownsDb) await db.close();
    },
  };
}
