import type { BigQuery } from '@google-cloud/bigquery';

/** How `BigQueryWarehouse.open` reaches BigQuery. */
export interface BigQueryWarehouseConfig {
  /** The project jobs run (and are billed) in. */
  readonly projectId: string;
  /** Where the datasets live (`US`, `EU`, a region); jobs run there. */
  readonly location?: string;
  /** Service-account credentials (JSON key fields); without them, Application Default Credentials. */
  readonly credentials?: { readonly client_email: string; readonly private_key: string };
  /** A ready client (tests: one pointed at the stand-in); `credentials` are then ignored. */
  readonly client?: BigQuery;
  /** Name the project in every statement (`project.dataset.table`), for views read from other projects. */
  readonly qualifyProject?: boolean;
  /** Attempts of a batch that fails on a concurrent update or rate limit (default 5), with backoff. */
  readonly maxAttempts?: number;
  /** The first backoff delay in ms (default 1,000), doubled per attempt. */
  readonly retryDelayMs?: number;
  /** How often a running job is polled, in ms (default 500). */
  readonly pollMs?: number;
}
