import { DuckDBTimestampTZValue, DuckDBTimestampValue } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { snowflakeCell } from '../../src/standins/snowflakeCell.js';

describe('snowflakeCell', () => {
  it('writes instants as one signed decimal of seconds, as the SDK reads them, on both sides of 1970', () => {
    expect(snowflakeCell(new DuckDBTimestampValue(-1n))).toBe('-0.000001000');
    expect(snowflakeCell(new DuckDBTimestampValue(-1_500_000n))).toBe('-1.500000000');
    expect(snowflakeCell(new DuckDBTimestampValue(1_500_000n))).toBe('1.500000000');
    expect(snowflakeCell(new DuckDBTimestampTZValue(-1n))).toBe('-0.000001000 1440');
  });
});
