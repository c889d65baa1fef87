import { FERRY_FUNCTIONS, type FerryFunction } from './FERRY_FUNCTIONS.js';

/** The deployed name, as the Serverless Framework names it: `<service>-<stage>-<function key>`. */
export function functionName(stage: string, fn: FerryFunction): string {
  return `ferry-${stage}-${FERRY_FUNCTIONS[fn].key}`;
}
