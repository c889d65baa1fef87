import type { TableChange } from './TableChange.js';

/** What a deploy changes, from the mappings alone (`diffMappings`). */
export interface MappingsDiff {
  readonly tables: readonly TableChange[];
  /** Landing prefixes the bucket notifications (and writers' grants) gain or lose. */
  readonly prefixes: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** Writer grants on the landing bucket (`<account or role> → <prefix>`), from the mappings' `writer`. */
  readonly writers: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** Mapping entries that stay as they are. */
  readonly unchanged: number;
}
