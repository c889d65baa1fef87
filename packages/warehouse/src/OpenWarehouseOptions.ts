/** What `openWarehouse` needs besides the URL. */
export interface OpenWarehouseOptions {
  /**
   * Reads a secret named by the URL (`privateKeySecret`, `credentialsSecret`): AWS Secrets Manager in the CLI and
   * the Lambdas. Without it, a URL naming a secret is refused.
   */
  readonly readSecret?: (id: string) => Promise<string>;
}
