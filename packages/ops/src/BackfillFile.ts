import type { DmsFile } from '@ferry/core';

/** One landed DMS file `backfill` found, with what ListObjectsV2 said of it and where it goes. */
export interface BackfillFile {
  readonly file: DmsFile;
  /** The mapping entry, `<source>:<schema>.<table>`. */
  readonly table: string;
  readonly size: number;
  /** Without the quotes the HTTP header has, as S3 events carry it. */
  readonly eTag: string;
  readonly lastModified: string | undefined;
  /** The queues it is (or, on a dry run, would be) sent to: only sinks the table's mapping feeds. */
  readonly queues: readonly ('warehouse' | 'stream')[];
}
