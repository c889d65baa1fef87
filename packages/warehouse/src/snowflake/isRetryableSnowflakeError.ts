/**
 * SQLSTATE classes that pass: 08 connection exception, 40 transaction rollback (Snowflake aborts a
 * transaction, e.g. a deadlock), 53 insufficient resources, 57 operator intervention (statement canceled,
 * warehouse suspended).
 */
const RETRYABLE_SQLSTATE = /^(08|40|53|57)/;

/**
 * Snowflake codes that mean "try again later": 000604 SQL execution canceled, 000625 lock wait timeout,
 * 000630 statement timed out, 390114 session token expired. `snowflake-sdk`'s own 401001–401003 are network
 * and HTTP failures (a 5xx or 429 after its retries, a response that is not JSON).
 */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  '000604',
  '000625',
  '000630',
  '390114',
  '401001',
  '401002',
  '401003',
  '407002',
]);

/**
 * Whether a failure of `snowflake-sdk` is passing (network, 5xx, throttling, an aborted transaction) so the
 * same batch can be sent again; a SQL, type or permission error is not.
 */
export function isRetryableSnowflakeError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, sqlState, response } = error as {
    code?: unknown;
    sqlState?: unknown;
    response?: { statusCode?: unknown };
  };
  if (typeof sqlState === 'string' && RETRYABLE_SQLSTATE.test(sqlState)) return true;
  if ((typeof code === 'string' || typeof code === 'number') && RETRYABLE_CODES.has(String(code))) return true;
  if (typeof code === 'string' && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|ENOTFOUND)$/.test(code)) {
    return true;
  }
  const status = typeof response?.statusCode === 'number' ? response.statusCode : undefined;
  return status !== undefined && (status === 429 || status >= 500);
}
