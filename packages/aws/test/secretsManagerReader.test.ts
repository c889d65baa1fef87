import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FerryError } from '@ferry/core';
import { freePort, type MemorySecretsManager, startMemorySecretsManager } from '@ferry/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsManagerReader } from '../src/index.js';

const region = 'ap-northeast-2';
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
let server: MemorySecretsManager;
let client: SecretsManagerClient;

async function put(name: string, value: string): Promise<void> {
  const { CreateSecretCommand, PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  try {
    await client.send(new CreateSecretCommand({ Name: name, SecretString: value }));
  } catch {
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString: value }));
  }
}

beforeAll(async () => {
  server = await startMemorySecretsManager({ region });
  client = new SecretsManagerClient({ region, endpoint: server.endpoint, credentials });
});

afterAll(async () => {
  client.destroy();
  await server.stop();
});

describe('secretsManagerReader', () => {
  it('reads the secret string, and keeps it for the TTL', async () => {
    await put('snowflake/key', '-----BEGIN PRIVATE KEY-----\nA\n-----END PRIVATE KEY-----\n');
    const read = secretsManagerReader(client);
    expect(await read('snowflake/key')).toContain('BEGIN PRIVATE KEY');
    await put('snowflake/key', 'rotated');
    // Within the TTL a warm function does not call Secrets Manager again.
    expect(await read('snowflake/key')).toContain('BEGIN PRIVATE KEY');
    expect(await secretsManagerReader(client, { ttlMs: 0 })('snowflake/key')).toBe('rotated');
  });

  it('names a missing secret, never retryable, and does not cache the failure', async () => {
    const read = secretsManagerReader(client);
    const error = await read('nope').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FerryError);
    expect((error as FerryError).message).toMatch(/cannot read secret "nope": ResourceNotFoundException/);
    expect((error as FerryError).retryable).toBe(false);
    await put('nope', 'now here');
    expect(await read('nope')).toBe('now here');
  });

  it('calls an unreachable Secrets Manager retryable', async () => {
    const port = await freePort();
    const offline = new SecretsManagerClient({
      region,
      endpoint: `http://127.0.0.1:${port}`,
      credentials,
      maxAttempts: 1,
    });
    const error = await secretsManagerReader(offline)('any').catch((e: unknown) => e);
    offline.destroy();
    expect(error).toBeInstanceOf(FerryError);
    expect((error as FerryError).retryable).toBe(true);
    expect((error as FerryError).message).toMatch(/cannot read secret "any"/);
  });
});
