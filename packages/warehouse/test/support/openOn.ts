import type { Sink } from '@ferry/core';
import { DuckDbWarehouse } from '../../src/duckdb/DuckDbWarehouse.js';
import type { WarehouseDialect } from '../../src/index.js';
import { TranslatedWarehouse } from './TranslatedWarehouse.js';

/** An in-memory warehouse that runs `dialect`'s SQL: DuckDB itself, or a cloud dialect translated onto DuckDB. */
export function openOn(dialect: WarehouseDialect): Promise<Sink> {
  return dialect.name === 'duckdb' ? DuckDbWarehouse.open(':memory:', { dialect }) : TranslatedWarehouse.open(dialect);
}
