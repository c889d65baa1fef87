import { randomUUID } from 'node:crypto';
import type { JsonAnswer } from '../JsonAnswer.js';
import { serveJsonProtocol } from '../serveJsonProtocol.js';
import type { MemorySecretsManager } from './MemorySecretsManager.js';

const TARGET_PREFIX = 'secretsmanager.';

interface Secret {
  readonly arn: string;
  readonly name: string;
  versionId: string;
  string: string | undefined;
  /** Base64, as the JSON protocol carries blobs. */
  binary: string | undefined;
  readonly created: number;
}

class SecretsError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Starts a Secrets Manager endpoint on a free localhost port, speaking the JSON 1.1 protocol for what ferry and
 * its tests use: CreateSecret, PutSecretValue, GetSecretValue (by name or ARN, current version only). None of
 * the local AWS emulators ferry depends on serves Secrets Manager, and the code that reads secrets must run
 * against the real SDK. Secrets live in memory and die with `stop()`; credentials and signatures are not checked.
 */
export async function startMemorySecretsManager(options: {
  region: string;
  account?: string;
}): Promise<MemorySecretsManager> {
  const account = options.account ?? '000000000000';
  const secrets = new Map<string, Secret>();
  const find = (id: unknown): Secret => {
    if (typeof id !== 'string' || id === '')
      throw new SecretsError('InvalidParameterException', 'SecretId is required');
    const secret = secrets.get(id) ?? [...secrets.values()].find((s) => s.arn === id);
    if (secret === undefined) {
      throw new SecretsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    return secret;
  };
  const value = (input: Record<string, unknown>) => {
    const string = typeof input.SecretString === 'string' ? input.SecretString : undefined;
    const binary = typeof input.SecretBinary === 'string' ? input.SecretBinary : undefined;
    if (string === undefined && binary === undefined) {
      throw new SecretsError('InvalidParameterException', 'SecretString or SecretBinary is required');
    }
    return { string, binary };
  };
  const operations: Record<string, (input: Record<string, unknown>) => object> = {
    CreateSecret(input) {
      const name = input.Name;
      if (typeof name !== 'string' || name === '')
        throw new SecretsError('InvalidParameterException', 'Name is required');
      if (secrets.has(name)) throw new SecretsError('ResourceExistsException', `The secret ${name} already exists.`);
      // Real ARNs end in a dash and six random characters, so callers cannot derive them from the name.
      const arn = `arn:aws:secretsmanager:${options.region}:${account}:secret:${name}-${randomUUID().slice(0, 6)}`;
      const secret: Secret = { arn, name, versionId: randomUUID(), ...value(input), created: Date.now() / 1000 };
      secrets.set(name, secret);
      return { ARN: arn, Name: name, VersionId: secret.versionId };
    },
    PutSecretValue(input) {
      const secret = find(input.SecretId);
      Object.assign(secret, value(input), { versionId: randomUUID() });
      return { ARN: secret.arn, Name: secret.name, VersionId: secret.versionId, VersionStages: ['AWSCURRENT'] };
    },
    GetSecretValue(input) {
      const secret = find(input.SecretId);
      return {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: secret.versionId,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: secret.created,
        ...(secret.string === undefined ? {} : { SecretString: secret.string }),
        ...(secret.binary === undefined ? {} : { SecretBinary: secret.binary }),
      };
    },
  };

  return serveJsonProtocol((target, body) => respond(operations, target, body));
}

function respond(
  operations: Record<string, (input: Record<string, unknown>) => object>,
  target: string | undefined,
  body: string,
): JsonAnswer {
  const operation = target?.startsWith(TARGET_PREFIX) ? operations[target.slice(TARGET_PREFIX.length)] : undefined;
  if (operation === undefined) {
    return [400, { __type: 'UnknownOperationException', message: `not served here: ${String(target)}` }];
  }
  try {
    const input: unknown = body === '' ? {} : JSON.parse(body);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new SecretsError('SerializationException', 'the request body is not a JSON object');
    }
    return [200, operation(input as Record<string, unknown>)];
  } catch (error) {
    if (error instanceof SecretsError) return [400, { __type: error.type, message: error.message }];
    if (error instanceof SyntaxError) return [400, { __type: 'SerializationException', message: error.message }];
    return [500, { __type: 'InternalServiceError', message: String(error) }];
  }
}
