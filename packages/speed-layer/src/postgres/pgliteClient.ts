import type { PGlite, Results } from '@electric-sql/pglite';
import type { SqlClient } from '../SqlClient.js';
import type { SqlResult } from '../SqlResult.js';

const identity = (text: string) => text;
/** PGlite parses int8, JSON, dates, timestamps and bytea by default; keep the server's exact text instead. */
const options = {
  rowMode: 'array' as const,
  // PostgreSQL type OIDs (PGlite's `types` has the same numbers; importing it would load PGlite with this module).
  parsers: {
    20: identity, // int8
    114: identity, // json
    3802: identity, // jsonb
    1082: identity, // date
    1114: identity, // timestamp
    1184: identity, // timestamptz
    17: identity, // bytea
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
