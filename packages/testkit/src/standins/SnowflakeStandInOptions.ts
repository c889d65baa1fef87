import type { KeyObject } from 'node:crypto';
import type { SqlTranslator } from './SqlTranslator.js';

export interface SnowflakeStandInOptions {
  /** The public key whose private half signs the login JWT (PEM text or a KeyObject). */
  readonly publicKey: string | KeyObject;
  /** Account locator as the client configures it; 'FERRY_LOCAL' unless given. */
  readonly account?: string;
  /** The one user that may log in; 'FERRY' unless given. */
  readonly username?: string;
  /** Database and schema created in DuckDB and used by every session; 'FERRY' and 'PUBLIC' unless given. */
  readonly database?: string;
  readonly schema?: string;
  /** Snowflake SQL → DuckDB SQL; `translateSnowflakeSql` unless given. */
  readonly translate?: SqlTranslator;
}
