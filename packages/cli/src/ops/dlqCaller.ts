import { userInfo } from 'node:os';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

/**
 * Who runs a replay, for its audit line: the AWS caller ARN (STS GetCallerIdentity, the identity that actually
 * moves the messages), else the OS user when STS cannot be reached or no credentials answer.
 */
export async function dlqCaller(region: string | undefined): Promise<string> {
  const sts = new STSClient(region === undefined ? {} : { region });
  try {
    const { Arn } = await sts.send(new GetCallerIdentityCommand({}), { abortSignal: AbortSignal.timeout(5_000) });
    if (Arn) return Arn;
  } catch {
    // Fall through: the audit line must be written even when STS is unreachable (a local stack, say).
  } finally {
    sts.destroy();
  }
  return `os-user:${userInfo().username}`;
}
