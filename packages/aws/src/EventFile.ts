import type { DmsFile } from '@ferry/core';
import type { S3ObjectEvent } from './S3ObjectEvent.js';

/** One DMS file of a batch and every event that named it (S3 delivers at least once, so there may be several). */
export interface EventFile<E extends S3ObjectEvent = S3ObjectEvent> {
  readonly file: DmsFile;
  readonly events: readonly E[];
}
