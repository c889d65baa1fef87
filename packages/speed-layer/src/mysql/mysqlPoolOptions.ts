import type { PoolOptions } from 'mysql2/promise';

/**
 * The mysql2 pool options the speed layer needs: exact values (big numbers and decimals as strings, dates
 * as text, UTC), utf8mb4, and affected rows counted as *changed* rows (`-FOUND_ROWS`, mysql2 sets it by
 * default), which the guarded upsert's counts rely on. Use them for a pool passed to `mysqlSpeedLayer`.
 *
 * @example mysql.createPool(mysqlPoolOptions('mysql://app@db:3306/speed'))
 */
export function mysqlPoolOptions(uri: string): PoolOptions {
  return {
    uri,
    charset: 'utf8mb4',
    supportBigNumbers: true,
    bigNumberStrings: true,
    dateStrings: true,
    decimalNumbers: false,
    timezone: 'Z',
    flags: ['-FOUND_ROWS'],
    connectTimeout: 10_000,
  };
}
