import type { SqlTranslator } from './SqlTranslator.js';

export interface BigQueryStandInOptions {
  /** 'ferry-local' unless given. */
  readonly projectId?: string;
  /** The bearer token every request must carry; 'ferry-standin-token' unless given. */
  readonly accessToken?: string;
  /**
   * Also accept self-signed JWTs of this service account (what a key file gives the official client with
   * `useJWTAccessWithScope`), verified against its public key (PEM).
   */
  readonly serviceAccount?: { readonly clientEmail: string; readonly publicKey: string };
  /** Reported as every job's location; 'US' unless given. */
  readonly location?: string;
  /** GoogleSQL → DuckDB SQL, per statement; `translateBigQuerySql` unless given. */
  readonly translate?: SqlTranslator;
}
