/** Which DLQ messages a filtered replay moves. A message matches when one of its files passes every filter given. */
export interface ReplayFilter {
  /** `schema.table` as the mappings name it (`shop.orders`). */
  readonly table?: string;
  /** Only files whose S3 event time is at or after this instant. */
  readonly since?: Date;
}
