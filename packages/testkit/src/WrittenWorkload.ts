/** What `writeWorkload` put on disk. */
export interface WrittenWorkload {
  /** The landing folder: file keys are relative to it. */
  readonly dir: string;
  /** Object keys (paths relative to `dir`, `/`-separated) in write order. */
  readonly keys: readonly string[];
  /** Where the mapping files went, or `undefined` when none were written. */
  readonly mappingsDir: string | undefined;
  /** Absolute paths of the mapping files, one per source. */
  readonly mappingFiles: readonly string[];
}
