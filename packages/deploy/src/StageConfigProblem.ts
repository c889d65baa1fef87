/** One thing wrong in a stage configuration: where it is and what to do about it. */
export interface StageConfigProblem {
  /** The file as the user names it, e.g. `config/dev.json`. */
  readonly file: string;
  /** The JSON path inside the file, e.g. `warehouseLoader.batchSize`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}
