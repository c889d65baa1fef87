/** The ARN a function has in the local account (the account every stand-in uses). */
export function functionArn(functionName: string, region: string): string {
  return `arn:aws:lambda:${region}:000000000000:function:${functionName}`;
}
