/** The names of a stage's AWS resources, as serverless.yml gives them (`stageNames`). */
export interface StageResourceNames {
  readonly topic: string;
  readonly warehouseQueue: string;
  readonly warehouseDlq: string;
  readonly streamQueue: string;
  readonly streamDlq: string;
  readonly mergeFailureQueue: string;
  readonly stream: string;
}
