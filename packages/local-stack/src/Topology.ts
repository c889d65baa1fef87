/** The AWS resources of one ferry deployment, as the local stack created them. */
export interface Topology {
  readonly bucket: string;
  readonly topicArn: string;
  readonly warehouseQueueUrl: string;
  readonly warehouseQueueArn: string;
  readonly warehouseDlqUrl: string;
  readonly streamQueueUrl: string;
  readonly streamQueueArn: string;
  readonly streamDlqUrl: string;
  readonly streamName: string;
  readonly streamArn: string;
  /** The merge worker's on-failure destination (Kinesis batch metadata lands here). */
  readonly mergeFailureQueueUrl: string;
}
