/**
 * Logical ids of the stack's resources that serverless.yml declares or that the generated resources declare, so
 * the two sides (and the tests reading the template) name them alike.
 */
export const RESOURCE_IDS = {
  landingBucket: 'LandingBucket',
  landingBucketPolicy: 'LandingBucketPolicy',
  landingTopic: 'LandingTopic',
  landingTopicPolicy: 'LandingTopicPolicy',
  warehouseQueue: 'WarehouseQueue',
  warehouseDeadLetterQueue: 'WarehouseDeadLetterQueue',
  streamQueue: 'StreamQueue',
  streamDeadLetterQueue: 'StreamDeadLetterQueue',
  mergeFailureQueue: 'MergeFailureQueue',
  changeStream: 'ChangeStream',
  alarmTopic: 'AlarmTopic',
} as const;
