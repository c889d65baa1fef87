/**
 * The four functions: their key in serverless.yml (the deployed name is `ferry-<stage>-<key>`), the logical id
 * of the IAM role generated for each, and the handler bundled for it.
 */
export const FERRY_FUNCTIONS = {
  warehouseLoader: { key: 'warehouse-loader', role: 'WarehouseLoaderRole' },
  changeForwarder: { key: 'change-forwarder', role: 'ChangeForwarderRole' },
  mergeWorker: { key: 'merge-worker', role: 'MergeWorkerRole' },
  notifier: { key: 'notifier', role: 'NotifierRole' },
} as const;

export type FerryFunction = keyof typeof FERRY_FUNCTIONS;
