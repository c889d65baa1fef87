import type { ByteSource } from '@ferry/dms';

/** Where DMS files are read from: a local folder laid out like the landing bucket today, S3 later. */
export interface FileStore {
  /** Every object key under the store, `/`-separated, as the landing bucket would name it. */
  list(): Promise<string[]>;
  /** Random access to one object; the caller closes it. */
  open(key: string): Promise<ByteSource & { close(): Promise<void> }>;
}
