/** A consumer queue and its DLQ, as a replay addresses them: URLs for the data calls, ARNs for move tasks. */
export interface ReplayQueues {
  readonly sourceUrl: string;
  readonly sourceArn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}
