/**
 * Rewrites one statement of a warehouse's SQL into SQL that DuckDB executes. The stand-ins run every
 * statement through one, so what a test proves is the warehouse SQL plus exactly these rewrites.
 */
export type SqlTranslator = (sql: string) => string;
