/** What `putStreamRecords` wrote, and what it cost. */
export interface PutStreamResult {
  /** Entries written (each counted once, however often it was retried). */
  readonly records: number;
  /** PutRecords calls made, retries and failed calls included. */
  readonly calls: number;
  /** Entries sent again after a failure (an entry sent three times counts 2). */
  readonly retriedEntries: number;
  /** Throttling answers seen: throttled entries of partly failed calls plus whole calls throttled. */
  readonly throttled: number;
  /** Data and partition key bytes of the entries written. */
  readonly bytes: number;
  /** On-demand billing units of the entries written: Σ ceil((data + key bytes) / 1 KiB) (FACTS.md §3). */
  readonly billedUnits: number;
  /**
   * Entries over Kinesis's 1 MiB record limit, never sent. The caller must fail their file terminally:
   * they are reported here, never dropped silently.
   */
  readonly tooLarge: readonly { readonly label: string; readonly bytes: number }[];
}
