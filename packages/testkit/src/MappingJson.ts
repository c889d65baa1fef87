import type { MappingTableJson } from './MappingTableJson.js';

/**
 * A mapping file (`mappings/<source>.json`) as plain JSON, in the format of issue 2 item 3. The testkit
 * writes it without importing `@ferry/mappings`, so the mapping loader is tested against files it did
 * not produce itself.
 */
export interface MappingJson {
  readonly source: string;
  readonly prefix: string;
  readonly tenant?: { readonly column: string; readonly value: string };
  readonly timestampColumn: string;
  readonly tables: Readonly<Record<string, MappingTableJson>>;
}
