/** One `tables` entry of a mapping file, as the generator writes it (see `MappingJson`). */
export interface MappingTableJson {
  readonly primaryKey: readonly string[];
  readonly warehouse: { readonly schema: string; readonly table: string; readonly deletes: 'soft' | 'hard' };
  readonly speedLayer: { readonly table: string };
  /** Present when the table has DATETIME columns: they are wall-clock readings, not UTC instants. */
  readonly columns?: { readonly wallClock: readonly string[] };
  readonly sequenceColumn?: string;
}
