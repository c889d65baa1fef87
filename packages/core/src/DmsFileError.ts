import { FerryError } from './FerryError.js';

/**
 * A DMS file ferry cannot take as it is: a key that is not a DMS layout, an unsupported format, a corrupt
 * or truncated parquet file, a row without its primary key, an unknown `Op`. Terminal: the same bytes fail
 * the same way, so the file goes to the DLQ or the run's failures, named, and everything else flows on.
 */
export class DmsFileError extends FerryError {
  readonly fileKey: string;
  /** The 0-based row in the file, when one row is to blame. */
  readonly row: number | undefined;

  constructor(fileKey: string, reason: string, options: { row?: number; hint?: string; cause?: unknown } = {}) {
    const where = options.row === undefined ? fileKey : `${fileKey} row ${options.row}`;
    super(`${where}: ${reason}`, { retryable: false, hint: options.hint, cause: options.cause });
    this.fileKey = fileKey;
    this.row = options.row;
  }
}
