import type { TableRef } from '@ferry/core';
import type { BackfillSink } from './BackfillSink.js';

/** What `backfill` lists and where it sends it. */
export interface BackfillOptions {
  /** The landing bucket. */
  readonly bucket: string;
  /** Mapping source ids whose prefixes are listed (at least one). */
  readonly sources: readonly string[];
  /** Only this source table (every selected source must map it). */
  readonly table?: TableRef;
  /** CDC files whose name time is at or after this; full-load files are left out when it is given (see `fullLoad`). */
  readonly since?: Date;
  /**
   * `auto` (the default): full-load files are kept unless `since` is given. `always`: kept with `since` too — a
   * reload after a DMS "reload table", which rewrites the LOAD files under the same keys, wants the new full load
   * plus the CDC files from then on. `landed`: kept when S3 last modified them within `since`/`until` — a stream
   * replay past retention wants what was forwarded in its window, and a full-load file has no time in its name.
   */
  readonly fullLoad?: 'auto' | 'always' | 'landed';
  /** CDC files whose name time is before this (exclusive). */
  readonly until?: Date;
  readonly sink: BackfillSink;
  /** Queue names (`stageNames(stage).warehouseQueue` / `.streamQueue`), found with GetQueueUrl. */
  readonly queues: { readonly warehouse: string; readonly stream: string };
  /** The landing topic's name, for the SNS envelope's `TopicArn` (the queues' account and region fill it in). */
  readonly topic: string;
  /** Files per second, at most (a file sent to both queues counts once). */
  readonly rate: number;
  /** List and count, send nothing (and call no SQS API). */
  readonly dryRun: boolean;
}
