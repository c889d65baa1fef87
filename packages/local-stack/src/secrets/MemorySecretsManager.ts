/** An in-process AWS Secrets Manager endpoint the real `@aws-sdk/client-secrets-manager` talks to. */
export interface MemorySecretsManager {
  /** `http://127.0.0.1:<port>`: give it to the client as `endpoint`. */
  readonly endpoint: string;
  stop(): Promise<void>;
}
