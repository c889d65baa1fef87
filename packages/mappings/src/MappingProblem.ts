/** One thing wrong in a mapping file: where it is and what to do about it. */
export interface MappingProblem {
  /** The mapping file's name, e.g. `brand-a.json`. */
  readonly file: string;
  /** The JSON path inside the file, e.g. `tables["shop.orders"].primaryKey[0]`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}
