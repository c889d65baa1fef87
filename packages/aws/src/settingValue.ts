import { FerryError } from '@ferry/core';
import type { SecretReader } from './SecretReader.js';

/**
 * A setting given either as its value (`FERRY_X`, local runs) or as the Secrets Manager secret that holds it
 * (`FERRY_X_SECRET`, deployed functions: the value never sits in the function's environment). `check` judges a
 * value read from a secret (a value given directly was judged by the caller's config schema). Errors name the
 * variable and the secret, never the value.
 */
export async function settingValue(
  name: string,
  setting: { readonly value?: string | undefined; readonly secret?: string | undefined },
  readSecret: SecretReader,
  check?: (value: string) => string | undefined,
): Promise<string> {
  if (setting.value !== undefined) return setting.value;
  if (setting.secret !== undefined) {
    const value = await readSecret(setting.secret);
    const problem = check?.(value);
    if (problem !== undefined) {
      throw new FerryError(`the secret ${JSON.stringify(setting.secret)} (${name}_SECRET): ${problem}`);
    }
    return value;
  }
  throw new FerryError(`${name} or ${name}_SECRET must be set`, {
    hint: `Deployed functions name a Secrets Manager secret in ${name}_SECRET`,
  });
}
