/**
 * Every place a generated role may hold a `*` in a resource, and why. The roles are built from these entries and
 * a test fails on any other `*` (data actions on S3, SQS, Kinesis, Secrets Manager and KMS never get `"*"`).
 * `pattern` is matched against the resource as written in the template (an `Fn::Sub` template or a plain string).
 */
export const IAM_WILDCARDS = [
  {
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    pattern:
      /^arn:\$\{AWS::Partition\}:logs:\$\{AWS::Region\}:\$\{AWS::AccountId\}:log-group:\/aws\/lambda\/ferry-[a-z0-9-]+:\*$/,
    reason:
      'Lambda names a log stream per execution environment, unknown in advance; the grant stays inside the function’s own log group',
  },
  {
    actions: ['s3:GetObject', 's3:PutObject'],
    pattern: /^arn:\$\{AWS::Partition\}:s3:::[^*]+\/[^*]*\*$/,
    reason:
      'DMS names the objects; each grant stays under one mapped source prefix of the landing bucket (reads by the loader and the forwarder, writes by that mapping’s writer in the bucket policy)',
  },
  {
    actions: ['cloudwatch:DescribeAlarmHistory'],
    pattern: /^arn:\$\{AWS::Partition\}:cloudwatch:\$\{AWS::Region\}:\$\{AWS::AccountId\}:alarm:ferry-[a-z0-9-]+-\*$/,
    reason:
      'the notifier reads when an alarm began; the stage’s alarms grow with its mapped tables, so they are named by the stage’s alarm prefix (one ARN per alarm would outgrow the role’s policy size)',
  },
  {
    actions: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'],
    pattern: /^\*$/,
    reason: 'EC2 describe calls support no resource-level permissions; the merge worker needs them to run in the VPC',
  },
  {
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ],
    pattern: /^\*$/,
    reason:
      'Lambda creates and removes the merge worker’s VPC network interfaces with the function’s own role, before their ids exist; AWS’s AWSLambdaVPCAccessExecutionRole grants exactly these on "*"',
  },
] as const;
