/** What `replayStreamFailures` did (or, dry, would do) with one on-failure message. */
export interface StreamReplayEvent {
  readonly messageId: string;
  /**
   * - `reapplied`: the range was read back from the stream and applied (nothing failed);
   * - `still-failing`: read back, but some records failed again (the message stays for the next run);
   * - `resent`: past the stream's retention, the files of the window went to the stream queue again;
   * - `would-reapply` / `would-resend`: a dry run's plan;
   * - `unreadable`: the body is not a Kinesis on-failure record (left in the queue).
   */
  readonly action: 'reapplied' | 'still-failing' | 'resent' | 'would-reapply' | 'would-resend' | 'unreadable';
  readonly shardId?: string;
  readonly startSequenceNumber?: string;
  readonly endSequenceNumber?: string;
  /** ISO arrival times of the batch's first and last record. */
  readonly firstArrival?: string;
  readonly lastArrival?: string;
  /** Records read back (within retention). */
  readonly records?: number;
  /** Sequence numbers that failed again, with the reason. */
  readonly failures?: readonly { readonly sequenceNumber: string; readonly reason: string }[];
  /** Past retention: the window whose files were (or would be) sent, and how many. */
  readonly window?: { readonly since: string; readonly until: string };
  readonly files?: number;
  /** Why the records could not be read back (retention passed, or the first record is gone). */
  readonly why?: string;
}
