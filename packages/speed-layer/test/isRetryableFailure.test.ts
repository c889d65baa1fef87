import { describe, expect, it } from 'vitest';
import { isRetryableFailure, mysqlDialect, postgresDialect } from '../src/index.js';

// Errors shaped as the drivers raise them (pg: SQLSTATE in `code`; mysql2: `errno`; Node: system `code`).
const pg = postgresDialect('postgres').retryable;
const my = mysqlDialect().retryable;
const withCode = (code: string | number, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`failure ${code}`), { code, ...extra });

describe('isRetryableFailure', () => {
  it('retries deadlocks, serialization failures and lost connections on PostgreSQL', () => {
    for (const code of ['40P01', '40001', '57P01', '08006', '08001', 'ECONNREFUSED', 'ECONNRESET']) {
      expect(isRetryableFailure(withCode(code), pg)).toBe(true);
    }
    expect(isRetryableFailure(new Error('Connection terminated unexpectedly'), pg)).toBe(true);
  });

  it('retries deadlocks, lock waits and a server gone away on MySQL', () => {
    for (const errno of [1213, 1205, 2006, 2013, 1927]) {
      expect(isRetryableFailure(withCode('ER_X', { errno }), my)).toBe(true);
    }
    expect(isRetryableFailure(withCode('PROTOCOL_CONNECTION_LOST'), my)).toBe(true);
  });

  it('looks inside AggregateError and cause', () => {
    const refused = new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed');
    expect(isRetryableFailure(refused, pg)).toBe(true);
    expect(isRetryableFailure(new Error('wrapped', { cause: withCode('40P01') }), pg)).toBe(true);
  });

  it('leaves everything else terminal', () => {
    expect(isRetryableFailure(withCode('23505'), pg)).toBe(false); // unique violation
    expect(isRetryableFailure(withCode('42P01'), pg)).toBe(false); // undefined table
    expect(isRetryableFailure(withCode('ER_PARSE_ERROR', { errno: 1064 }), my)).toBe(false);
    expect(isRetryableFailure(new Error('boom'), my)).toBe(false);
    expect(isRetryableFailure('not an error', my)).toBe(false);
  });
});
