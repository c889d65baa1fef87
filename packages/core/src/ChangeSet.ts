import type { TableChanges } from './TableChanges.js';

/**
 * Row changes of one table that share one column set, without the file they came from as a unit (the merge
 * worker receives rows from Kinesis, a file's rows spread over many batches). `label` names where they came
 * from in errors: a file key, or a shard and sequence range.
 */
export interface ChangeSet {
  readonly label: string;
  readonly changes: TableChanges;
  /**
   * The files the rows came from, with how many rows of each: the speed layer records them (`_ferry_stream_files`)
   * in the same transaction, so `ferry status` can say what reached it and when.
   */
  readonly files?: readonly { readonly fileKey: string; readonly rows: number }[];
}
