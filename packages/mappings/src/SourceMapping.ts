import type { TableMapping } from './TableMapping.js';

/** One mapping file: a DMS source, the S3 prefix its folders sit under, and its tables by `schema.table`. */
export interface SourceMapping {
  readonly source: string;
  /** Ends with `/`, or is empty for the bucket root. */
  readonly prefix: string;
  /** The account (and role) DMS writes from, when another account writes this prefix (the bucket policy grants it). */
  readonly writer?: { readonly account: string; readonly role?: string };
  /** The mapping file's name, for messages. */
  readonly file: string;
  /** Keyed by `<schema>.<table>` (see `tableRefName`). */
  readonly tables: ReadonlyMap<string, TableMapping>;
}
