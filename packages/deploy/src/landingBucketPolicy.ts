import type { Mappings } from '@ferry/mappings';
import { cfnSub } from './cfnSub.js';
import { RESOURCE_IDS } from './RESOURCE_IDS.js';

/**
 * The landing bucket's policy: each mapping that names a `writer` grants exactly that principal (its role, or
 * else its account) `s3:PutObject` on exactly its prefix, and nothing else. Writers in the deploying account need
 * no grant here (their own IAM policy suffices), so mappings without a writer add nothing. `undefined` when no
 * mapping names a writer: then the stack sets no bucket policy at all.
 */
export function landingBucketPolicy(
  mappings: Mappings,
  bucket: { readonly name: unknown; readonly objectsArn: (prefix: string) => unknown; readonly created: boolean },
): Record<string, unknown> | undefined {
  const writing = mappings.sources.filter((s) => s.writer !== undefined);
  const statements = writing.map((source, i) => {
    const writer = source.writer!;
    return {
      // The number keeps Sids apart when two source ids differ only in punctuation.
      Sid: `DmsWriter${i + 1}${source.source.replace(/[^A-Za-z0-9]/g, '')}`,
      Effect: 'Allow',
      Principal: { AWS: writer.role ?? cfnSub(`arn:\${AWS::Partition}:iam::${writer.account}:root`) },
      Action: 's3:PutObject',
      Resource: bucket.objectsArn(source.prefix),
    };
  });
  if (statements.length === 0) return undefined;
  return {
    [RESOURCE_IDS.landingBucketPolicy]: {
      Type: 'AWS::S3::BucketPolicy',
      // The bucket's name is a plain string here, which gives CloudFormation no order by itself.
      ...(bucket.created ? { DependsOn: [RESOURCE_IDS.landingBucket] } : {}),
      Properties: {
        Bucket: bucket.name,
        PolicyDocument: { Version: '2012-10-17', Statement: statements },
      },
    },
  };
}
