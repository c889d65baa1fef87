import type { DmsFile } from '@ferry/core';
import type { ByteSource } from '@ferry/dms';

/** Random access to one DMS file (a local file, an S3 object read by ranges); the caller closes it. */
export type OpenFile = (file: DmsFile) => Promise<ByteSource & { close(): Promise<void> }>;
