import type { StageConfig } from '@ferry/deploy';

/**
 * The stage's landing bucket name as the deploy gives it (`landingBucket` in @ferry/deploy): the configured name,
 * or for a bucket the stack creates without one, `ferry-<stage>-landing-<account>-<region>`. `accountId` is
 * needed only then; `undefined` is returned when it is needed and not given.
 *
 * @example landingBucketName('dev', config, '111111111111') // 'ferry-dev-landing-111111111111-ap-northeast-2'
 */
export function landingBucketName(stage: string, config: StageConfig, accountId?: string): string | undefined {
  const bucket = config.landingBucket;
  if (bucket.name !== undefined) return bucket.name;
  if (accountId === undefined) return undefined;
  return `ferry-${stage}-landing-${accountId}-${config.region}`;
}
