import { type KeyObject, verify } from 'node:crypto';

/**
 * Why a self-signed service-account JWT (Google's "JWT access with scope", what google-auth-library sends when
 * `useJWTAccessWithScope` is on) is not acceptable, or undefined when it is: RS256 by `publicKey`, `iss` and
 * `sub` the service account's email, a `scope` naming BigQuery, not expired.
 */
export function verifyServiceAccountJwt(token: string, publicKey: KeyObject, clientEmail: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return 'not a JWT';
  const [header, payload, signature] = parts as [string, string, string];
  const ok = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
  if (!ok) return "signature does not match the service account's key";
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (claims.iss !== clientEmail || claims.sub !== clientEmail) return `iss/sub is not ${clientEmail}`;
  if (
    typeof claims.scope !== 'string' ||
    !/\bhttps:\/\/www\.googleapis\.com\/auth\/(bigquery|cloud-platform)\b/.test(claims.scope)
  ) {
    return 'scope does not include BigQuery';
  }
  if (!(Number(claims.exp) * 1000 > Date.now())) return 'token expired';
  return undefined;
}
