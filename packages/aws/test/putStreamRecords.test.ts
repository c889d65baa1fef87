import {
  KinesisClient,
  KinesisServiceException,
  PutRecordsCommand,
  type PutRecordsCommandInput,
  type PutRecordsCommandOutput,
  type PutRecordsResultEntry,
} from '@aws-sdk/client-kinesis';
import { FerryError } from '@ferry/core';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import {
  KINESIS_LIMITS,
  kinesisPutRecords,
  type PutRecordsPort,
  putStreamRecords,
  type StreamEntry,
  StreamWriteError,
} from '../src/index.js';

const STREAM = 'ferry-changes';

/** `n` entries of `size` data bytes; entry i's first data byte is i mod 256 and its key `k<i>`. */
function entries(n: number, size = 10): StreamEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const data = new Uint8Array(size);
    data[0] = i % 256;
    return { data, partitionKey: `k${i}`, label: `row ${i}` };
  });
}

/** The labels of a call's records, read back through the keys. */
const keysOf = (input: PutRecordsCommandInput) => input.Records!.map((r) => r.PartitionKey!);

/**
 * A fake PutRecords port: `answer(call, input)` returns, per record, an error code or nothing (written),
 * or throws for a whole-call failure. It records every call's partition keys.
 */
function fakePort(answer: (call: number, keys: string[]) => (string | undefined)[] | Error): {
  port: PutRecordsPort;
  calls: string[][];
  written: string[];
} {
  const calls: string[][] = [];
  const written: string[] = [];
  const port: PutRecordsPort = async (input) => {
    const keys = keysOf(input);
    calls.push(keys);
    const outcome = answer(calls.length, keys);
    if (outcome instanceof Error) throw outcome;
    const Records: PutRecordsResultEntry[] = keys.map((key, i) => {
      const code = outcome[i];
      if (code === undefined) {
        written.push(key);
        return { SequenceNumber: String(written.length), ShardId: 'shardId-000000000000' };
      }
      return { ErrorCode: code, ErrorMessage: `${code} for ${key}` };
    });
    return {
      $metadata: {},
      FailedRecordCount: Records.filter((r) => r.ErrorCode !== undefined).length,
      Records,
    } satisfies PutRecordsCommandOutput;
  };
  return { port, calls, written };
}

function awsError(name: string, status: number, throttling = false): Error {
  return new KinesisServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: `${name} (fake)`,
    ...(throttling && { $retryable: { throttling: true } }),
  });
}

const noWait = () => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 };
};

describe('putStreamRecords: retries', () => {
  it('retries only the entries that failed in a partly failed call', async () => {
    const { port, calls, written } = fakePort((call, keys) =>
      call === 1
        ? keys.map((k) =>
            k === 'k1' ? 'ProvisionedThroughputExceededException' : k === 'k3' ? 'InternalFailure' : undefined,
          )
        : keys.map(() => undefined),
    );
    const { waits, sleep, random } = noWait();
    const result = await putStreamRecords(port, STREAM, entries(5), { sleep, random });
    expect(calls).toEqual([
      ['k0', 'k1', 'k2', 'k3', 'k4'],
      ['k1', 'k3'],
    ]);
    expect(written.sort()).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(result).toMatchObject({ records: 5, calls: 2, retriedEntries: 2, throttled: 1, tooLarge: [] });
    // Full jitter of the first backoff: random() × baseDelayMs.
    expect(waits).toEqual([50]);
  });

  it('retries a whole call that was throttled or failed on the server, with growing capped backoff', async () => {
    const { port, calls } = fakePort((call, keys) =>
      call === 1
        ? awsError('ProvisionedThroughputExceededException', 400, true)
        : call === 2
          ? awsError('InternalFailure', 500)
          : call === 3
            ? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
            : keys.map(() => undefined),
    );
    const waits: number[] = [];
    const result = await putStreamRecords(port, STREAM, entries(3), {
      baseDelayMs: 100,
      maxDelayMs: 300,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.999,
    });
    expect(calls).toHaveLength(4);
    expect(calls.every((keys) => keys.join() === 'k0,k1,k2')).toBe(true);
    expect(result).toMatchObject({ records: 3, calls: 4, retriedEntries: 9, throttled: 1 });
    expect(waits).toEqual([99, 199, 299]);
  });

  it('gives up after maxAttempts with a retryable StreamWriteError naming the count and last codes', async () => {
    const { port, calls } = fakePort((_, keys) =>
      keys.map((k) => (k === 'k2' ? 'ProvisionedThroughputExceededException' : undefined)),
    );
    const { waits, sleep, random } = noWait();
    const failure = putStreamRecords(port, STREAM, entries(4), { maxAttempts: 3, sleep, random });
    await expect(failure).rejects.toBeInstanceOf(StreamWriteError);
    await expect(failure).rejects.toMatchObject({
      retryable: true,
      failedEntries: 1,
      errorCodes: ['ProvisionedThroughputExceededException'],
      message: expect.stringMatching(
        /ferry-changes: 1 of 4 entries still failed after 3 attempts \(last error codes: ProvisionedThroughputExceededException\)/,
      ),
    });
    expect(calls).toEqual([['k0', 'k1', 'k2', 'k3'], ['k2'], ['k2']]);
    expect(waits).toHaveLength(2);
  });

  it.each([
    ['ResourceNotFoundException', 400],
    ['ValidationException', 400],
    ['AccessDeniedException', 400],
  ])('a %s is terminal at once, naming the stream', async (name, status) => {
    const { port, calls } = fakePort(() => awsError(name, status));
    const failure = putStreamRecords(port, STREAM, entries(2), noWait());
    await expect(failure).rejects.toMatchObject({ retryable: false, message: expect.stringContaining(STREAM) });
    await expect(failure).rejects.not.toBeInstanceOf(StreamWriteError);
    await expect(failure).rejects.toBeInstanceOf(FerryError);
    expect(calls).toHaveLength(1);
  });

  it('a per-entry KMS refusal is terminal, naming the entry', async () => {
    const { port } = fakePort((_, keys) => keys.map((k) => (k === 'k1' ? 'KMSAccessDeniedException' : undefined)));
    await expect(putStreamRecords(port, STREAM, entries(3), noWait())).rejects.toThrow(
      /ferry-changes: row 1 refused: KMSAccessDeniedException/,
    );
  });
});

describe('putStreamRecords: sizes', () => {
  it('splits at 500 records per call, in order', async () => {
    const { port, calls } = fakePort((_, keys) => keys.map(() => undefined));
    const result = await putStreamRecords(port, STREAM, entries(1201), noWait());
    expect(calls.map((keys) => keys.length)).toEqual([500, 500, 201]);
    expect(calls.flat()).toEqual(entries(1201).map((e) => e.partitionKey));
    expect(result.records).toBe(1201);
  });

  it('splits at 5 MiB of data and partition keys per call', async () => {
    // 11 entries of 500,000 data bytes + a 2- or 3-byte key: 10 are 5,000,0xx bytes, under 5 MiB (5,242,880)
    // with room for no 11th.
    const { port, calls } = fakePort((_, keys) => keys.map(() => undefined));
    const result = await putStreamRecords(port, STREAM, entries(21, 500_000), noWait());
    expect(calls.map((keys) => keys.length)).toEqual([10, 10, 1]);
    const keyBytes = 10 * 2 + 11 * 3;
    expect(result.bytes).toBe(21 * 500_000 + keyBytes);
    // 500,002 and 500,003 bytes both round up to 489 units of 1 KiB.
    expect(result.billedUnits).toBe(21 * 489);
  });

  it('reports an entry over 1 MiB as tooLarge and never sends it, while the others go', async () => {
    const { port, calls } = fakePort((_, keys) => keys.map(() => undefined));
    const big: StreamEntry = {
      data: new Uint8Array(KINESIS_LIMITS.maxRecordBytes - 2),
      partitionKey: 'big',
      label: 'orders row 7',
    };
    const fits: StreamEntry = {
      data: new Uint8Array(KINESIS_LIMITS.maxRecordBytes - 2),
      partitionKey: 'ok',
      label: 'x',
    };
    const result = await putStreamRecords(port, STREAM, [...entries(2), big, fits], noWait());
    expect(result.tooLarge).toEqual([{ label: 'orders row 7', bytes: KINESIS_LIMITS.maxRecordBytes + 1 }]);
    expect(calls.flat()).toEqual(['k0', 'k1', 'ok']);
    expect(result.records).toBe(3);
  });

  it('counts billed units per record rounded up to 1 KiB', async () => {
    const { port } = fakePort((_, keys) => keys.map(() => undefined));
    const sized = [1022, 1023, 2000].map((n, i) => ({ data: new Uint8Array(n), partitionKey: 'ab', label: `e${i}` }));
    const result = await putStreamRecords(port, STREAM, sized, noWait());
    // 1024 → 1 unit, 1025 → 2, 2002 → 2.
    expect(result).toMatchObject({ bytes: 1024 + 1025 + 2002, billedUnits: 5 });
  });

  it('refuses an entry whose partition key Kinesis would reject, before sending anything', async () => {
    const { port, calls } = fakePort((_, keys) => keys.map(() => undefined));
    const bad = { data: new Uint8Array(1), partitionKey: 'x'.repeat(257), label: 'orders row 9' };
    await expect(putStreamRecords(port, STREAM, [...entries(1), bad], noWait())).rejects.toThrow(/orders row 9/);
    expect(calls).toHaveLength(0);
  });
});

describe('kinesisPutRecords', () => {
  it('sends one PutRecordsCommand with the stream, data and partition keys (aws-sdk-client-mock)', async () => {
    const client = new KinesisClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const mock = mockClient(client);
    mock.on(PutRecordsCommand).resolves({ FailedRecordCount: 0, Records: [{ SequenceNumber: '1', ShardId: 's' }] });
    const data = new Uint8Array([2, 1, 2, 3]);
    const result = await putStreamRecords(kinesisPutRecords(client), STREAM, [
      { data, partitionKey: 'abc-7', label: 'row' },
    ]);
    expect(result.records).toBe(1);
    const calls = mock.commandCalls(PutRecordsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ StreamName: STREAM, Records: [{ Data: data, PartitionKey: 'abc-7' }] });
    mock.restore();
  });
});
