import { cfnSub } from './cfnSub.js';

// Secrets Manager appends "-" and 6 random characters to a secret's name in its ARN.
const COMPLETE_ARN = /:secret:.+-[A-Za-z0-9]{6}$/;

/**
 * The IAM resource of a secret named in config: a complete ARN as it is; a name (or an ARN without the random
 * suffix) with `-??????`, which matches exactly that suffix and so no other secret whose name merely starts the same.
 *
 * @example secretResource('ferry/dev/mask-key') // {"Fn::Sub": "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:ferry/dev/mask-key-??????"}
 */
export function secretResource(ref: string): string | { readonly 'Fn::Sub': string } {
  if (ref.startsWith('arn:')) return COMPLETE_ARN.test(ref) ? ref : `${ref}-??????`;
  return cfnSub(`arn:\${AWS::Partition}:secretsmanager:\${AWS::Region}:\${AWS::AccountId}:secret:${ref}-??????`);
}
