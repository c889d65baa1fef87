import { cfnSub } from './cfnSub.js';
import { FERRY_FUNCTIONS, type FerryFunction } from './FERRY_FUNCTIONS.js';
import { functionName } from './functionName.js';
import { functionSecrets } from './functionSecrets.js';
import { IAM_WILDCARDS } from './IAM_WILDCARDS.js';
import { RESOURCE_IDS } from './RESOURCE_IDS.js';
import type { StageConfig } from './StageConfig.js';
import { secretResource } from './secretResource.js';

interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly unknown[];
  readonly Condition?: Record<string, unknown>;
}

const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** Grants KMS actions on `keys` only when called through `service` (Secrets Manager, S3, Kinesis). */
function kmsVia(sid: string, actions: readonly string[], keys: readonly string[], service: string): Statement[] {
  if (keys.length === 0) return [];
  return [
    {
      Sid: sid,
      Effect: 'Allow',
      Action: actions,
      Resource: keys,
      Condition: { StringEquals: { 'kms:ViaService': cfnSub(`${service}.\${AWS::Region}.amazonaws.com`) } },
    },
  ];
}

/**
 * One IAM role per function (`AWS::IAM::Role`), each action scoped to what that function touches: its own log
 * group; the mapped prefixes of the landing bucket; its own queue; the stream; the secrets it reads and the keys
 * they are encrypted with. The only `*` resources come from `IAM_WILDCARDS`, which says why.
 */
export function functionRoles(
  stage: string,
  config: StageConfig,
  bucket: { readonly prefixes: readonly string[]; readonly objectsArn: (prefix: string) => unknown },
): Record<string, unknown> {
  const secrets = functionSecrets(config);
  const secretKeys = config.secrets.kmsKeyArns;
  const landingKeys =
    config.landingBucket.mode === 'create' && config.landingBucket.kmsKeyArn ? [config.landingBucket.kmsKeyArn] : [];
  const streamKeys = config.stream.kmsKeyArn ? [config.stream.kmsKeyArn] : [];
  const [logs, , alarmHistory, describeVpc, manageEnis] = IAM_WILDCARDS;

  const writeLogs = (fn: FerryFunction): Statement => ({
    Sid: 'WriteOwnLogs',
    Effect: 'Allow',
    Action: logs.actions,
    Resource: [
      cfnSub(
        `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/${functionName(stage, fn)}:*`,
      ),
    ],
  });
  const readSecrets = (fn: FerryFunction): Statement[] => [
    {
      Sid: 'ReadOwnSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: secrets[fn].map(secretResource),
    },
    ...kmsVia('DecryptOwnSecrets', ['kms:Decrypt'], secretKeys, 'secretsmanager'),
  ];
  const readLanding: Statement[] = [
    {
      Sid: 'ReadMappedPrefixes',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: bucket.prefixes.map((p) => bucket.objectsArn(p)),
    },
    ...kmsVia('DecryptLandedFiles', ['kms:Decrypt'], landingKeys, 's3'),
  ];

  const statements: Record<FerryFunction, Statement[]> = {
    warehouseLoader: [
      writeLogs('warehouseLoader'),
      ...readLanding,
      {
        Sid: 'ConsumeOwnQueue',
        Effect: 'Allow',
        // SendMessage: a target merged too recently has its messages requeued, delayed, to this same queue.
        Action: [
          'sqs:ReceiveMessage',
          'sqs:DeleteMessage',
          'sqs:ChangeMessageVisibility',
          'sqs:GetQueueAttributes',
          'sqs:SendMessage',
        ],
        Resource: [arnOf(RESOURCE_IDS.warehouseQueue)],
      },
      ...readSecrets('warehouseLoader'),
    ],
    changeForwarder: [
      writeLogs('changeForwarder'),
      ...readLanding,
      {
        Sid: 'ConsumeOwnQueue',
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
        Resource: [arnOf(RESOURCE_IDS.streamQueue)],
      },
      {
        Sid: 'PutChangeRecords',
        Effect: 'Allow',
        Action: ['kinesis:PutRecords'],
        Resource: [arnOf(RESOURCE_IDS.changeStream)],
      },
      ...kmsVia('EncryptChangeRecords', ['kms:GenerateDataKey'], streamKeys, 'kinesis'),
      ...readSecrets('changeForwarder'),
    ],
    mergeWorker: [
      writeLogs('mergeWorker'),
      {
        Sid: 'ReadChangeStream',
        Effect: 'Allow',
        Action: [
          'kinesis:DescribeStream',
          'kinesis:DescribeStreamSummary',
          'kinesis:GetRecords',
          'kinesis:GetShardIterator',
          'kinesis:ListShards',
        ],
        Resource: [arnOf(RESOURCE_IDS.changeStream)],
      },
      ...kmsVia('DecryptChangeRecords', ['kms:Decrypt'], streamKeys, 'kinesis'),
      {
        Sid: 'SendFailureMetadata',
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: [arnOf(RESOURCE_IDS.mergeFailureQueue)],
      },
      ...readSecrets('mergeWorker'),
      { Sid: 'DescribeVpc', Effect: 'Allow', Action: describeVpc.actions, Resource: ['*'] },
      { Sid: 'ManageVpcNetworkInterfaces', Effect: 'Allow', Action: manageEnis.actions, Resource: ['*'] },
    ],
    notifier: [
      writeLogs('notifier'),
      ...readSecrets('notifier'),
      {
        Sid: 'ReadOwnAlarmHistory',
        Effect: 'Allow',
        Action: alarmHistory.actions,
        Resource: [
          cfnSub(`arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:ferry-${stage}-*`),
        ],
      },
    ],
  };

  const roles: Record<string, unknown> = {};
  for (const [fn, statement] of Object.entries(statements) as [FerryFunction, Statement[]][]) {
    roles[FERRY_FUNCTIONS[fn].role] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        Description: `ferry ${stage}: ${FERRY_FUNCTIONS[fn].key} (generated from config/${stage}.json and the mappings)`,
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        Policies: [
          {
            PolicyName: `ferry-${stage}-${FERRY_FUNCTIONS[fn].key}`,
            PolicyDocument: { Version: '2012-10-17', Statement: statement },
          },
        ],
      },
    };
  }
  return roles;
}
