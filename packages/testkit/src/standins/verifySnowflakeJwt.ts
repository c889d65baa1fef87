import type { KeyObject } from 'node:crypto';
import { createHash, verify } from 'node:crypto';

/**
 * Why a key-pair login JWT is not acceptable, or undefined when it is: RS256 signature by `publicKey`,
 * `iss` = `ACCOUNT.USER.SHA256:<base64 sha256 of the public key's DER>`, `sub` = `ACCOUNT.USER`, not
 * expired. (Snowflake's documented key-pair rules; the Node SDK writes `iat`/`exp` in milliseconds.)
 */
export function verifySnowflakeJwt(
  token: string,
  publicKey: KeyObject,
  account: string,
  username: string,
): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [header, payload, signature] = parts as [string, string, string];
  const ok = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
  if (!ok) return 'signature does not match the registered public key';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  const fingerprint = `SHA256:${createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('base64')}`;
  const subject = `${account.toUpperCase()}.${username.toUpperCase()}`;
  if (claims.sub !== subject) return `sub is ${String(claims.sub)}, expected ${subject}`;
  if (claims.iss !== `${subject}.${fingerprint}`) return 'iss does not name the registered key fingerprint';
  const exp = Number(claims.exp);
  const expMillis = exp > 1e11 ? exp : exp * 1000;
  if (!(expMillis > Date.now())) return 'token expired';
  return undefined;
}
