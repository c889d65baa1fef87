import type { DmsFileError } from '@ferry/core';
import type { S3ObjectEvent } from './S3ObjectEvent.js';
import type { TableFiles } from './TableFiles.js';

/**
 * A batch of S3 events sorted out by table. `unmapped` events are not ferry's business (no source prefix
 * matches, or the source does not map the table): skip them with a log line. `invalid` ones are under a
 * source's prefix but not a DMS data-file key: terminal failures.
 */
export interface GroupedEvents<E extends S3ObjectEvent = S3ObjectEvent> {
  readonly tables: readonly TableFiles<E>[];
  readonly unmapped: readonly { readonly event: E; readonly reason: string }[];
  readonly invalid: readonly { readonly event: E; readonly error: DmsFileError }[];
}
