import type { SqlTranslator } from './SqlTranslator.js';

export interface BigQueryStandInOptions {
  /** 'ferry-local' unless given. */
  readonly projectId?: string;
  /** The bearer token every request must carry; 'ferry-standin-token' unless given. */
  readonly accessToken?: string;
  /** Reported as every job's location; 'US' unless given. */
  readonly location?: string;
  /** GoogleSQL → DuckDB SQL, per statement; `translateBigQuerySql` unless given. */
  readonly translate?: SqlTranslator;
}
