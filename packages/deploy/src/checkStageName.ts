import { FerryError } from '@ferry/core';

const STAGE_NAME = /^[a-z][a-z0-9-]{0,15}$/;

/**
 * A stage name goes into bucket, queue, stream, function and alarm names: lowercase letters, digits and "-",
 * starting with a letter, at most 16 characters (so `ferry-<stage>-warehouse-loader` and the default bucket name
 * stay within AWS's limits).
 */
export function checkStageName(stage: string): string {
  if (!STAGE_NAME.test(stage)) {
    throw new FerryError(`stage name ${JSON.stringify(stage)} cannot be used`, {
      hint: 'Use lowercase letters, digits and "-", starting with a letter, at most 16 characters (e.g. dev, prod)',
    });
  }
  return stage;
}
