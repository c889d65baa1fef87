import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Mappings } from '@ferry/mappings';

/** What `backfill` works with: ready SDK clients and the deployed mappings. */
export interface BackfillDeps {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly mappings: Mappings;
  /** Called after each batch is sent: files sent so far of `total`. */
  readonly onProgress?: (sent: number, total: number) => void;
  /** Defaults to `setTimeout`; tests pass their own so no test waits on the rate limit. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}
