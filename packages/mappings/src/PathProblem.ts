/** A problem inside one file, before the file name is attached; `path` is the raw JSON path. */
export interface PathProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}
