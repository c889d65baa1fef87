import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface KeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** What the cloud stand-ins check and ferry signs with: made once per process (RSA key generation is slow). */
export interface StandInKeys {
  readonly snowflake: KeyPair;
  readonly bigQuery: KeyPair & { readonly clientEmail: string; readonly keyFile: string };
}

let keys: Promise<StandInKeys> | undefined;

export function standInKeys(): Promise<StandInKeys> {
  keys ??= (async () => {
    const pair = (): KeyPair => {
      const p = generateKeyPairSync('rsa', { modulusLength: 2048 });
      return {
        publicKey: p.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKey: p.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      };
    };
    const bigQuery = pair();
    const clientEmail = 'ferry-chaos@ferry-local.iam.gserviceaccount.com';
    const keyFile = join(await mkdtemp(join(tmpdir(), 'ferry-chaos-keys-')), 'bigquery-key.json');
    await writeFile(
      keyFile,
      JSON.stringify({
        type: 'service_account',
        project_id: 'ferry-local',
        client_email: clientEmail,
        private_key: bigQuery.privateKey,
      }),
    );
    return { snowflake: pair(), bigQuery: { ...bigQuery, clientEmail, keyFile } };
  })();
  return keys;
}
