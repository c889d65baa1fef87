import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MemorySecretsManager } from './MemorySecretsManager.js';

const TARGET_PREFIX = 'secretsmanager.';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

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

  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => respond(operations, request, body, response),
      (cause: unknown) => send(response, 400, { __type: 'SerializationException', message: String(cause) }),
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function respond(
  operations: Record<string, (input: Record<string, unknown>) => object>,
  request: IncomingMessage,
  body: string,
  response: ServerResponse,
): void {
  const target = request.headers['x-amz-target'];
  const operation =
    typeof target === 'string' && target.startsWith(TARGET_PREFIX)
      ? operations[target.slice(TARGET_PREFIX.length)]
      : undefined;
  if (operation === undefined) {
    send(response, 400, { __type: 'UnknownOperationException', message: `not served here: ${String(target)}` });
    return;
  }
  try {
    const input: unknown = body === '' ? {} : JSON.parse(body);
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new SecretsError('SerializationException', 'the request body is not a JSON object');
    }
    send(response, 200, operation(input as Record<string, unknown>));
  } catch (error) {
    if (error instanceof SecretsError) send(response, 400, { __type: error.type, message: error.message });
    else if (error instanceof SyntaxError)
      send(response, 400, { __type: 'SerializationException', message: error.message });
    else send(response, 500, { __type: 'InternalServiceError', message: String(error) });
  }
}

function send(response: ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload);
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
