/**
 * How a DMS-shaped parquet file is written. The defaults are DMS's own (FACTS.md §1, parquet settings):
 * no compression, row groups of 10,024 rows.
 */
export interface DmsParquetOptions {
  /** `none` (DMS default), `snappy` (seen in the wild) or `gzip` (DMS `CompressionType=GZIP`). */
  readonly compression?: 'none' | 'snappy' | 'gzip';
  /** Rows per row group; DMS's `RowGroupLength` default is 10,024. */
  readonly rowGroupSize?: number;
  /**
   * `false` (default): PLAIN pages only, like the real DMS file in the fixtures. `true`: dictionary pages
   * wherever they pay off, as DMS's `EncodingType=rle-dictionary` can produce.
   */
  readonly dictionary?: boolean;
}
