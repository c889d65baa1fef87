import type { Mappings } from '@ferry/mappings';
import { cfnSub } from './cfnSub.js';
import { notificationPrefixes } from './notificationPrefixes.js';
import { RESOURCE_IDS } from './RESOURCE_IDS.js';
import type { StageConfig } from './StageConfig.js';
import { subLiteral } from './subLiteral.js';

/**
 * The landing bucket: its name and ARNs (as `Fn::Sub` templates, so the account and region fill in at deploy),
 * and, when the stack creates it, the bucket itself: SSE (S3-managed or the configured KMS key), public access
 * blocked, objects owned by the bucket owner whoever writes them (so the functions can read files DMS wrote from
 * another account), and one `s3:ObjectCreated:*` notification per mapped prefix to the landing topic. An existing
 * bucket cannot take notifications from CloudFormation: its configuration is given as a stack output to apply.
 */
export function landingBucket(stage: string, config: StageConfig, mappings: Mappings) {
  const bucket = config.landingBucket;
  const nameTemplate = bucket.name ?? `ferry-${stage}-landing-\${AWS::AccountId}-\${AWS::Region}`;
  const arnTemplate = `arn:\${AWS::Partition}:s3:::${nameTemplate}`;
  const prefixes = notificationPrefixes(mappings);
  const topicConfigurations = prefixes.map((prefix) => ({
    Event: 's3:ObjectCreated:*',
    Topic: { Ref: RESOURCE_IDS.landingTopic },
    // An empty prefix is the bucket root: no filter (the mappings allow it only as the one source).
    ...(prefix === '' ? {} : { Filter: { S3Key: { Rules: [{ Name: 'prefix', Value: prefix }] } } }),
  }));
  const resources: Record<string, unknown> = {};
  const outputs: Record<string, unknown> = {
    LandingBucketName: { Description: 'Where DMS writes (S3 target endpoint BucketName)', Value: cfnSub(nameTemplate) },
  };
  if (bucket.mode === 'create') {
    resources[RESOURCE_IDS.landingBucket] = {
      Type: 'AWS::S3::Bucket',
      // Landed files are the replay source of both sinks: removing the stack must not delete them.
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      // S3 checks that it may publish to the topic when the notification is set.
      DependsOn: [RESOURCE_IDS.landingTopicPolicy],
      Properties: {
        BucketName: cfnSub(nameTemplate),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            bucket.kmsKeyArn === undefined
              ? { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }
              : {
                  ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: bucket.kmsKeyArn },
                  BucketKeyEnabled: true,
                },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        NotificationConfiguration: { TopicConfigurations: topicConfigurations },
      },
    };
  } else {
    outputs.LandingNotificationConfiguration = {
      Description: `The existing bucket's notifications: aws s3api put-bucket-notification-configuration --bucket ${bucket.name} --notification-configuration '<this value>'`,
      Value: {
        'Fn::Join': [
          '',
          [
            '{"TopicConfigurations":[',
            ...topicConfigurations.flatMap((c, i) => [
              i === 0 ? '{"TopicArn":"' : ',{"TopicArn":"',
              { Ref: RESOURCE_IDS.landingTopic },
              `","Events":["s3:ObjectCreated:*"]${
                c.Filter === undefined
                  ? ''
                  : `,"Filter":{"Key":{"FilterRules":[{"Name":"prefix","Value":${JSON.stringify(c.Filter.S3Key.Rules[0]!.Value)}}]}}`
              }}`,
            ]),
            ']}',
          ],
        ],
      },
    };
  }
  return {
    prefixes,
    created: bucket.mode === 'create',
    name: cfnSub(nameTemplate),
    arn: cfnSub(arnTemplate),
    /** Every object under `prefix`. */
    objectsArn: (prefix: string) => cfnSub(`${arnTemplate}/${subLiteral(prefix)}*`),
    resources,
    outputs,
  };
}
