import { FerryError } from './FerryError.js';

/**
 * A file's column has a type the target table's column cannot hold (e.g. text arriving for a decimal
 * column). Terminal for that table: it stops taking files until someone decides what the column becomes;
 * other tables are not affected.
 */
export class SchemaChangeError extends FerryError {
  readonly tableId: string;
  readonly column: string;

  constructor(tableId: string, column: string, reason: string, options: { cause?: unknown } = {}) {
    super(`${tableId}: column "${column}" ${reason}`, {
      retryable: false,
      hint: 'The table is stopped; change the target column (or map the column under a new name) and re-run the failed files',
      cause: options.cause,
    });
    this.tableId = tableId;
    this.column = column;
  }
}
