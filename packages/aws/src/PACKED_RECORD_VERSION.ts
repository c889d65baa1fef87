/**
 * The codec version `packChangeRecords` writes: many rows of one table, file and column set in one
 * deflated record (format: see `ChangeRecord`). `decodeStreamRecord` reads it and version 1.
 */
export const PACKED_RECORD_VERSION = 2;
