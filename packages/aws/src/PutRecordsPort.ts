import type { PutRecordsCommandInput, PutRecordsCommandOutput } from '@aws-sdk/client-kinesis';

/**
 * The one Kinesis call the producer makes, as a function: `kinesisPutRecords(client)` in production, a fake
 * that fails on cue in tests.
 */
export type PutRecordsPort = (input: PutRecordsCommandInput) => Promise<PutRecordsCommandOutput>;
