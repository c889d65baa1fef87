import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MemorySecretsManager, startMemorySecretsManager } from '../src/index.js';

let server: MemorySecretsManager;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = await startMemorySecretsManager({ region: 'ap-northeast-2' });
  client = new SecretsManagerClient({
    region: 'ap-northeast-2',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
});

afterAll(async () => {
  client.destroy();
  await server.stop();
});

describe('memory Secrets Manager through the real SDK', () => {
  it('creates a secret, reads it by name and by ARN, and serves the newest value', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: 'ferry/dev/key', SecretString: 'one' }));
    expect(created.ARN).toMatch(/^arn:aws:secretsmanager:ap-northeast-2:\d{12}:secret:ferry\/dev\/key-.{6}$/);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'ferry/dev/key' }))).SecretString).toBe('one');
    await client.send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: 'two' }));
    const read = await client.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(read.SecretString).toBe('two');
    expect(read.Name).toBe('ferry/dev/key');
    expect(read.CreatedDate).toBeInstanceOf(Date);
  });

  it('carries binary secrets as bytes', async () => {
    const bytes = new Uint8Array([0, 1, 254, 255]);
    await client.send(new CreateSecretCommand({ Name: 'binary', SecretBinary: bytes }));
    const read = await client.send(new GetSecretValueCommand({ SecretId: 'binary' }));
    expect(read.SecretBinary).toEqual(bytes);
    expect(read.SecretString).toBeUndefined();
  });

  it('answers ResourceNotFoundException and ResourceExistsException as AWS does', async () => {
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'missing' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
    await client.send(new CreateSecretCommand({ Name: 'twice', SecretString: 'a' }));
    await expect(client.send(new CreateSecretCommand({ Name: 'twice', SecretString: 'b' }))).rejects.toMatchObject({
      name: 'ResourceExistsException',
    });
  });
});
