import { checkStageName } from '@ferry/deploy';
import type { StageResourceNames } from './StageResourceNames.js';

/**
 * The resource names of stage `stage`, by serverless.yml's convention `ferry-<stage>-<resource>`. The operations
 * commands find queues and the stream by these names (SQS GetQueueUrl), so they need nothing but the stage; a
 * local stack started with the same names (`startLocalStack({ names })`) answers to them too.
 */
export function stageNames(stage: string): StageResourceNames {
  checkStageName(stage);
  const name = (resource: string) => `ferry-${stage}-${resource}`;
  return {
    topic: name('landing'),
    warehouseQueue: name('warehouse'),
    warehouseDlq: name('warehouse-dlq'),
    streamQueue: name('stream'),
    streamDlq: name('stream-dlq'),
    mergeFailureQueue: name('merge-failures'),
    stream: name('changes'),
  };
}
