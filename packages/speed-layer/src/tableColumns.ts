import { asText } from './asText.js';
import type { SpeedLayerDialect } from './SpeedLayerDialect.js';
import type { SqlSession } from './SqlSession.js';

/** The columns `table` has in the connection's default schema, from the catalog; empty when it does not exist. */
export async function tableColumns(
  session: SqlSession,
  dialect: SpeedLayerDialect,
  table: string,
): Promise<Set<string>> {
  const q = (name: string) => dialect.quote(name);
  const result = await session.query(
    `SELECT ${q('column_name')} FROM information_schema.columns WHERE ${q('table_schema')} = ${dialect.currentSchema} AND ${q('table_name')} = ${dialect.param(0)}`,
    [table],
  );
  return new Set(result.rows.map((r) => asText(r[0])));
}
