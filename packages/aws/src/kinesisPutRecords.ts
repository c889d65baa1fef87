import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { PutRecordsPort } from './PutRecordsPort.js';

/**
 * The `PutRecordsPort` over a real Kinesis client. `putStreamRecords` retries throttled entries itself, so
 * a client built for it can keep the SDK's own retries low (`maxAttempts: 2`) to keep backoff in one place.
 *
 * @example putStreamRecords(kinesisPutRecords(new KinesisClient({})), 'ferry-changes', entries)
 */
export function kinesisPutRecords(client: KinesisClient): PutRecordsPort {
  return (input) => client.send(new PutRecordsCommand(input));
}
