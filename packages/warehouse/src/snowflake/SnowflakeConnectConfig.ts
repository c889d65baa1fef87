/**
 * Where and as whom `SnowflakeWarehouse.open` connects. Authentication is key-pair (JWT) only: the service
 * never holds a password. `privateKey` is the PKCS#8 PEM text (fetched from AWS Secrets Manager by the caller).
 * Namespaces of the table mappings are schemas inside `database`.
 */
export interface SnowflakeConnectConfig {
  /** The account identifier, e.g. `myorg-myaccount`. */
  readonly account: string;
  readonly username: string;
  /** PKCS#8 PEM of the RSA key whose public half is set on the user (`RSA_PUBLIC_KEY`). */
  readonly privateKey: string;
  /** Passphrase of an encrypted `privateKey`. */
  readonly privateKeyPass?: string;
  readonly warehouse?: string;
  readonly role?: string;
  readonly database: string;
  /** The session's current schema; temporary staging tables live there. Defaults to `PUBLIC`. */
  readonly schema?: string;
  /** Overrides the URL derived from `account` (a private link, or a stand-in in tests). */
  readonly accessUrl?: string;
}
