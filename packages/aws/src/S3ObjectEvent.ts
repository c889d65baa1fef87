/**
 * One object written to S3, as an `ObjectCreated:*` notification reports it. `key` is already URL-decoded:
 * it is the object key itself, the identity DMS files are known by.
 */
export interface S3ObjectEvent {
  readonly bucket: string;
  readonly key: string;
  /** Bytes, as the notification says. */
  readonly size: number;
  readonly eTag: string;
  /** S3's hex string that orders the events of one key. */
  readonly sequencer: string;
  /** ISO time S3 gives for the event. */
  readonly eventTime: string;
}
