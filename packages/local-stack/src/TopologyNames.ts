/** Resource names the local stack creates; URLs and ARNs follow from them. */
export interface TopologyNames {
  readonly bucket: string;
  readonly topic: string;
  readonly warehouseQueue: string;
  readonly warehouseDlq: string;
  readonly streamQueue: string;
  readonly streamDlq: string;
  readonly mergeFailureQueue: string;
  readonly stream: string;
}
