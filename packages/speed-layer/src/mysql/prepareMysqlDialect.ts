import { asText } from '../asText.js';
import type { SpeedLayerDialect } from '../SpeedLayerDialect.js';
import type { SqlSession } from '../SqlSession.js';
import { mysqlDialect } from './mysqlDialect.js';

/**
 * Asks the server what the MySQL dialect depends on: a NO PAD binary utf8mb4 collation (MySQL 8:
 * `utf8mb4_0900_bin`, MariaDB: `utf8mb4_nopad_bin`; `utf8mb4_bin` otherwise) and `max_allowed_packet`,
 * half of which bounds the values inlined into one statement.
 */
export async function prepareMysqlDialect(session: SqlSession): Promise<SpeedLayerDialect> {
  const result = await session.query(
    "SELECT (SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE COLLATION_NAME IN ('utf8mb4_0900_bin', 'utf8mb4_nopad_bin') ORDER BY COLLATION_NAME LIMIT 1), @@max_allowed_packet",
  );
  const [collation, packet] = result.rows[0] ?? [];
  return mysqlDialect({
    textCollation: collation === null || collation === undefined ? 'utf8mb4_bin' : asText(collation),
    maxStatementBytes: Math.max(1024 * 1024, Math.min(16 * 1024 * 1024, Math.floor(Number(packet) / 2))),
  });
}
