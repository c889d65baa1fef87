import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type SecretReader, secretsManagerReader } from '@ferry/aws';

/**
 * Reads secrets from AWS Secrets Manager with the default credential chain and region, creating the client on
 * the first read only: a DuckDB or file-key URL never touches AWS.
 */
export function awsSecretReader(): SecretReader {
  let reader: SecretReader | undefined;
  return (id) => {
    reader ??= secretsManagerReader(new SecretsManagerClient({}));
    return reader(id);
  };
}
