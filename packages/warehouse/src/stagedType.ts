import type { ColumnType } from '@ferry/core';

const TEXT: ColumnType = Object.freeze({ kind: 'string' });

/**
 * The type a column is staged as: a JSON column as its text, which the dedupe parses into the warehouse's JSON type
 * (`compileMerge`), so every bulk path (Appender, Snowflake COPY or binds, a BigQuery load job) loads plain text;
 * every other column as it is.
 */
export function stagedType(type: ColumnType): ColumnType {
  return type.kind === 'string' && type.json ? TEXT : type;
}
