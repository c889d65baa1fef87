import { createHash } from 'node:crypto';

/**
 * The ID of the load job that stages `fileKeys` for target table `tableName`: `ferry_<table>_<sha256 of the
 * sorted keys>` (only `[A-Za-z0-9_-]`, well under 1,024 characters; table names are validated identifiers),
 * so the same batch sent again finds its earlier job (BigQuery answers 409) instead of loading twice.
 */
export function bigQueryLoadJobId(tableName: string, fileKeys: readonly string[]): string {
  const hash = createHash('sha256')
    .update([...fileKeys].sort().join('\n'))
    .digest('hex');
  return `ferry_${tableName}_${hash}`;
}
