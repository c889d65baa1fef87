import type { TableMapping } from '@ferry/mappings';
import type { EventFile } from './EventFile.js';
import type { S3ObjectEvent } from './S3ObjectEvent.js';

/** The files of one mapped table in a batch, in load order: full load before CDC, then by ordinal. */
export interface TableFiles<E extends S3ObjectEvent = S3ObjectEvent> {
  readonly mapping: TableMapping;
  readonly files: readonly EventFile<E>[];
}
