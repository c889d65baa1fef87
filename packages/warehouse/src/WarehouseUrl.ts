/** Where a secret value comes from: AWS Secrets Manager (name or ARN) or a local file (laptops, tests). */
export type SecretRef = { readonly secret: string } | { readonly file: string };

/** A parsed warehouse URL (`parseWarehouseUrl`): which warehouse, where, and which secrets log in to it. */
export type WarehouseUrl =
  | { readonly kind: 'duckdb'; readonly path: string }
  | {
      readonly kind: 'snowflake';
      readonly account: string;
      readonly username: string;
      readonly database: string;
      readonly schema: string | undefined;
      readonly warehouse: string | undefined;
      readonly role: string | undefined;
      readonly privateKey: SecretRef;
      readonly privateKeyPass: SecretRef | undefined;
      readonly accessUrl: string | undefined;
      /** How batches reach the staging table; the adapter's default (`copy`) when undefined. */
      readonly staging: 'copy' | 'binds' | undefined;
    }
  | {
      readonly kind: 'bigquery';
      readonly projectId: string;
      readonly location: string | undefined;
      /** A service-account key (JSON); without it, Application Default Credentials. */
      readonly credentials: SecretRef | undefined;
      readonly apiEndpoint: string | undefined;
    };
