import { FerryError } from '@ferry/core';
import { describe, expect, it } from 'vitest';
import { settingValue } from '../src/index.js';

const secrets: Record<string, string> = { 'ferry/dev/mask-key': 'a-mask-key-from-secrets-manager' };
const readSecret = async (id: string) => {
  const value = secrets[id];
  if (value === undefined) throw new FerryError(`cannot read secret ${JSON.stringify(id)}: ResourceNotFoundException`);
  return value;
};
const longEnough = (v: string) => (v.length >= 16 ? undefined : 'the mask key must be at least 16 characters');

describe('settingValue', () => {
  it('takes the value, or reads the secret that holds it', async () => {
    expect(await settingValue('FERRY_MASK_KEY', { value: 'local-mask-key-0123' }, readSecret, longEnough)).toBe(
      'local-mask-key-0123',
    );
    expect(await settingValue('FERRY_MASK_KEY', { secret: 'ferry/dev/mask-key' }, readSecret, longEnough)).toBe(
      'a-mask-key-from-secrets-manager',
    );
  });

  it('names the variable and the secret, never the value', async () => {
    secrets['ferry/dev/short'] = 'short-secret';
    const error = await settingValue('FERRY_MASK_KEY', { secret: 'ferry/dev/short' }, readSecret, longEnough).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(FerryError);
    expect((error as Error).message).toBe(
      'the secret "ferry/dev/short" (FERRY_MASK_KEY_SECRET): the mask key must be at least 16 characters',
    );
    expect((error as Error).message).not.toContain('short-secret');
    await expect(settingValue('FERRY_MASK_KEY', {}, readSecret)).rejects.toThrow(
      /FERRY_MASK_KEY or FERRY_MASK_KEY_SECRET must be set/,
    );
    await expect(settingValue('FERRY_MASK_KEY', { secret: 'missing' }, readSecret)).rejects.toThrow(
      /cannot read secret "missing"/,
    );
  });
});
