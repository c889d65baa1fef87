import type { BackfillFile } from './BackfillFile.js';
import type { BackfillSkip } from './BackfillSkip.js';
import type { BackfillTableCount } from './BackfillTableCount.js';

/** What one `backfill` run found and did. */
export interface BackfillReport {
  readonly bucket: string;
  readonly dryRun: boolean;
  /** In the order they were (or would be) sent: full load first, then CDC by file-name time. */
  readonly files: readonly BackfillFile[];
  readonly tables: readonly BackfillTableCount[];
  /** Objects under the prefixes that are not mapped DMS data files. */
  readonly skipped: readonly BackfillSkip[];
  /** DMS files of the selected tables left out by --since/--until. */
  readonly outsideWindow: number;
  /** Messages sent per queue (0 on a dry run). */
  readonly sent: { readonly warehouse: number; readonly stream: number };
}
