import { setTimeout as wait } from 'node:timers/promises';
import { FerryError } from '@ferry/core';
import { awsErrorFacts } from './awsErrorFacts.js';
import { KINESIS_LIMITS } from './KINESIS_LIMITS.js';
import type { PutRecordsPort } from './PutRecordsPort.js';
import type { PutStreamOptions } from './PutStreamOptions.js';
import type { PutStreamResult } from './PutStreamResult.js';
import type { StreamEntry } from './StreamEntry.js';
import { StreamWriteError } from './StreamWriteError.js';

/** Per-entry error codes worth sending the entry again for (KDS PutRecords API reference). */
const RETRYABLE_ENTRY_CODES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'InternalFailure',
  'KMSThrottlingException',
]);
const THROTTLING_ENTRY_CODES: ReadonlySet<string> = new Set([
  'ProvisionedThroughputExceededException',
  'KMSThrottlingException',
]);

/**
 * Writes `entries` to a Kinesis stream with as few PutRecords calls as the quotas allow (≤ 500 records and
 * ≤ 5 MiB of data and keys per call, FACTS.md §3), in the order given.
 *
 * - An entry over 1 MiB (data + partition key) is never sent: it comes back in `tooLarge` for the caller to
 *   fail its file terminally, while every other entry still goes.
 * - A partly failed call (`FailedRecordCount`) is retried for its failed entries only; a whole call that is
 *   throttled, answers 5xx or never answers is retried whole. Rounds back off exponentially with full jitter.
 * - Still failing after `maxAttempts` rounds → `StreamWriteError` (retryable). A refusal no retry can fix
 *   (no such stream, access denied, a malformed request, a KMS key that is disabled) → terminal `FerryError`
 *   naming the stream.
 *
 * A retried entry lands after entries sent after it, so order on the stream is per row only while nothing
 * fails; the sinks' version guard (DESIGN.md §2) is what keeps the outcome exact either way.
 *
 * @example
 * const result = await putStreamRecords(kinesisPutRecords(kinesis), 'ferry-changes', packChangeRecords(records));
 * if (result.tooLarge.length > 0) throw new DmsFileError(fileKey, `rows too large for Kinesis: ${result.tooLarge[0].label}`);
 */
export async function putStreamRecords(
  put: PutRecordsPort,
  streamName: string,
  entries: readonly StreamEntry[],
  options: PutStreamOptions = {},
): Promise<PutStreamResult> {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 5000;
  const sleep = options.sleep ?? ((ms: number) => wait(ms));
  const random = options.random ?? Math.random;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new FerryError(`putStreamRecords: maxAttempts must be a positive integer, got ${maxAttempts}`);
  }

  const sizes = entries.map((entry) => {
    const keyLength = entry.partitionKey.length > 0 ? [...entry.partitionKey].length : 0;
    if (keyLength === 0 || keyLength > KINESIS_LIMITS.maxPartitionKeyLength) {
      // Kinesis would refuse the whole call (ValidationException) and with it every good entry.
      throw new FerryError(
        `Kinesis stream ${streamName}: ${entry.label} has a partition key of ${keyLength} characters; Kinesis takes 1 to ${KINESIS_LIMITS.maxPartitionKeyLength}`,
        { hint: 'This is a bug in how the entry was built: fix the producer, then replay the file' },
      );
    }
    return entry.data.byteLength + Buffer.byteLength(entry.partitionKey, 'utf8');
  });

  const tooLarge: { label: string; bytes: number }[] = [];
  let pending: number[] = [];
  entries.forEach((entry, i) => {
    if (sizes[i]! > KINESIS_LIMITS.maxRecordBytes) tooLarge.push({ label: entry.label, bytes: sizes[i]! });
    else pending.push(i);
  });
  const sendable = pending.length;

  let records = 0;
  let calls = 0;
  let retriedEntries = 0;
  let throttled = 0;
  let bytes = 0;
  let billedUnits = 0;
  const written = (i: number) => {
    records++;
    bytes += sizes[i]!;
    billedUnits += Math.ceil(sizes[i]! / KINESIS_LIMITS.billingUnitBytes);
  };

  for (let attempt = 1; pending.length > 0; attempt++) {
    const failed: number[] = [];
    const codes = new Set<string>();
    let lastCause: unknown;
    for (const batch of callBatches(pending, sizes)) {
      calls++;
      let output: Awaited<ReturnType<PutRecordsPort>>;
      try {
        output = await put({
          StreamName: streamName,
          Records: batch.map((i) => ({ Data: entries[i]!.data, PartitionKey: entries[i]!.partitionKey })),
        });
      } catch (error) {
        const facts = awsErrorFacts(error);
        if (!facts.transient) {
          throw new FerryError(
            `Kinesis stream ${streamName}: PutRecords refused: ${facts.code}${facts.status === undefined ? '' : ` (HTTP ${facts.status})`}: ${(error as Error).message}`,
            {
              cause: error,
              hint: 'Check the stream exists in this account and region and the function role may kinesis:PutRecords to it (and use its KMS key), then replay the file',
            },
          );
        }
        if (facts.throttling) throttled++;
        codes.add(facts.code);
        lastCause = error;
        failed.push(...batch);
        continue;
      }
      const results = output.Records ?? [];
      if (results.length !== batch.length) {
        // Kinesis answers one result per entry, in order; without that nothing says which landed: send all again.
        codes.add('MismatchedResponse');
        failed.push(...batch);
        continue;
      }
      batch.forEach((i, r) => {
        const code = results[r]!.ErrorCode;
        if (code === undefined || code === '') {
          written(i);
          return;
        }
        if (!RETRYABLE_ENTRY_CODES.has(code)) {
          throw new FerryError(
            `Kinesis stream ${streamName}: ${entries[i]!.label} refused: ${code}: ${results[r]!.ErrorMessage ?? ''}`,
            { hint: "Check the stream's KMS key is enabled and the function role may use it, then replay the file" },
          );
        }
        if (THROTTLING_ENTRY_CODES.has(code)) throttled++;
        codes.add(code);
        failed.push(i);
      });
    }
    if (failed.length === 0) break;
    if (attempt >= maxAttempts) {
      throw new StreamWriteError(streamName, failed.length, sendable, attempt, [...codes], { cause: lastCause });
    }
    retriedEntries += failed.length;
    // Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): spreads the retries of many
    // throttled Lambdas instead of having them hit the shard together again.
    await sleep(Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1))));
    pending = failed;
  }

  return { records, calls, retriedEntries, throttled, bytes, billedUnits, tooLarge };
}

/** `indices` cut, in order, into PutRecords calls within the count and byte quotas. */
function* callBatches(indices: readonly number[], sizes: readonly number[]): Generator<number[]> {
  let batch: number[] = [];
  let batchBytes = 0;
  for (const i of indices) {
    if (
      batch.length === KINESIS_LIMITS.maxRecordsPerCall ||
      (batch.length > 0 && batchBytes + sizes[i]! > KINESIS_LIMITS.maxBytesPerCall)
    ) {
      yield batch;
      batch = [];
      batchBytes = 0;
    }
    batch.push(i);
    batchBytes += sizes[i]!;
  }
  if (batch.length > 0) yield batch;
}
