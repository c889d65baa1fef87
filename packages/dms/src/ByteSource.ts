/**
 * Random access to a file's bytes: the shape of hyparquet's `AsyncBuffer`, so a local file, an in-memory copy
 * or an S3 object read by ranges can all be handed to the reader. `slice` follows `ArrayBuffer.slice`
 * (`end` exclusive, defaulting to `byteLength`).
 */
export interface ByteSource {
  readonly byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}
