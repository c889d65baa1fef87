/** One warehouse table and every mapping entry (one per source) that feeds it: the unit the loader merges. */
export interface WarehouseTarget {
  /** `<namespace>.<table>`. */
  readonly target: string;
  readonly namespace: string | undefined;
  readonly name: string;
  readonly deletes: 'soft' | 'hard';
  /** The mapping entries (`<source>:<schema>.<table>`) writing it: each is one DMS table folder. */
  readonly entries: readonly string[];
  /** Their sources, in mapping order. */
  readonly sources: readonly string[];
}
