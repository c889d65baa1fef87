import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { FerryError, type Sink } from '@ferry/core';
import { DuckDbWarehouse } from './duckdb/DuckDbWarehouse.js';

/**
 * A warehouse from its URL: `duckdb:<file>` (created if missing) or `duckdb::memory:`.
 * Snowflake and BigQuery URLs join here when their dialects land.
 */
export async function openWarehouse(url: string): Promise<Sink> {
  const match = /^duckdb:(.+)$/.exec(url);
  if (!match?.[1]) {
    throw new FerryError(`unsupported warehouse URL ${JSON.stringify(url)}`, {
      hint: 'Use duckdb:<file> (Snowflake and BigQuery are not available yet)',
    });
  }
  const path = match[1];
  if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
  return DuckDbWarehouse.open(path);
}
