import {
  GetSecretValueCommand,
  type GetSecretValueCommandOutput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { FerryError } from '@ferry/core';
import { awsErrorFacts } from './awsErrorFacts.js';
import type { SecretReader } from './SecretReader.js';

/** Five minutes: a rotated key is picked up without a redeploy, and a warm Lambda does not call per batch. */
const DEFAULT_TTL_MS = 5 * 60_000;

/**
 * A `SecretReader` over Secrets Manager's GetSecretValue (`SecretString`, or `SecretBinary` as UTF-8 text),
 * caching each value for `ttlMs`. Errors name the secret, never its value: a missing secret or a denied read is
 * terminal (a deployment mistake), throttling and network failures are retryable.
 */
export function secretsManagerReader(client: SecretsManagerClient, options: { ttlMs?: number } = {}): SecretReader {
  const ttl = options.ttlMs ?? DEFAULT_TTL_MS;
  const cache = new Map<string, { value: Promise<string>; until: number }>();
  return (id) => {
    const now = Date.now();
    const hit = cache.get(id);
    if (hit !== undefined && hit.until > now) return hit.value;
    const value = fetchSecret(client, id);
    cache.set(id, { value, until: now + ttl });
    // A failed read is not cached: the next call asks again.
    value.catch(() => cache.delete(id));
    return value;
  };
}

async function fetchSecret(client: SecretsManagerClient, id: string): Promise<string> {
  let output: GetSecretValueCommandOutput;
  try {
    output = await client.send(new GetSecretValueCommand({ SecretId: id }));
  } catch (cause) {
    const facts = awsErrorFacts(cause);
    throw new FerryError(`cannot read secret ${JSON.stringify(id)}: ${facts.code}`, {
      retryable: facts.transient,
      hint: facts.transient
        ? 'Secrets Manager is throttling or unreachable; the batch will be retried'
        : "Check that the secret exists in this account and region and that the function's role may read it",
      cause,
    });
  }
  if (typeof output.SecretString === 'string') return output.SecretString;
  if (output.SecretBinary instanceof Uint8Array) return Buffer.from(output.SecretBinary).toString('utf8');
  throw new FerryError(`secret ${JSON.stringify(id)} has no value`, { hint: 'Store the value as the secret string' });
}
