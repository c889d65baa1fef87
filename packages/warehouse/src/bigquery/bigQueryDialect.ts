import type { WarehouseDialect } from '../WarehouseDialect.js';
import { bigQueryDialectFor } from './bigQueryDialectFor.js';

/**
 * BigQuery with dataset-qualified names (`dataset.table`): the project is the one the client runs its jobs in.
 * Use `bigQueryDialectFor(project)` to name it in every statement (views read from other projects need it).
 */
export const bigQueryDialect: WarehouseDialect = bigQueryDialectFor(undefined);
