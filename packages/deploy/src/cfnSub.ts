/** CloudFormation's `Fn::Sub`: `${AWS::Region}`, `${AWS::AccountId}`, `${AWS::Partition}` and `${LogicalId}` are filled at deploy. */
export function cfnSub(template: string): { readonly 'Fn::Sub': string } {
  return { 'Fn::Sub': template };
}
