/** Reads one secret's text by name or ARN (AWS Secrets Manager in production). */
export type SecretReader = (id: string) => Promise<string>;
