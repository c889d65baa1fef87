import { hashKeyOf } from './hashKeyOf.js';
import { KinesisServiceError } from './KinesisServiceError.js';

// Kinesis quotas (FACTS.md §3), enforced so producers meet the same refusals they meet in AWS.
const MAX_RECORD_BYTES = 1024 * 1024;
const MAX_PUT_RECORDS_ENTRIES = 500;
const MAX_PUT_RECORDS_BYTES = 5 * 1024 * 1024;
const MAX_GET_RECORDS_LIMIT = 10_000;
const MAX_GET_RECORDS_BYTES = 10 * 1024 * 1024;
const MAX_PARTITION_KEY_CHARS = 256;
const ITERATOR_LIFETIME_MS = 5 * 60 * 1000;
const HASH_SPACE = 1n << 128n;
const ACCOUNT = '000000000000';

interface StoredRecord {
  readonly sequence: bigint;
  readonly sequenceNumber: string;
  readonly data: string; // base64, as it arrived and as GetRecords returns it: no re-encoding per read
  readonly dataBytes: number;
  readonly partitionKey: string;
  readonly arrivalSeconds: number;
}

interface Shard {
  readonly shardId: string;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
  readonly startingSequenceNumber: string;
  readonly records: StoredRecord[];
  /** Records below this sequence are gone, as retention trims them (`expireRecords`); 0n: none. */
  trimHorizon: bigint;
}

interface Stream {
  readonly name: string;
  readonly arn: string;
  readonly createdSeconds: number;
  readonly shards: Shard[];
}

interface IteratorState {
  readonly stream: string;
  readonly shard: number;
  /** Index into the shard's records of the next record to return. */
  readonly next: number;
  readonly expiresAt: number;
}

type Input = Record<string, unknown>;

/**
 * The state and operations behind memoryKinesis, apart from HTTP: streams of N shards, each owning an equal
 * slice of the 128-bit hash space, holding records with increasing sequence numbers. Sequence numbers come
 * from one counter per store, so they increase within every shard and compare as BigInt.
 */
export class MemoryKinesisStore {
  readonly #region: string;
  readonly #defaultShards: number;
  readonly #streams = new Map<string, Stream>();
  #sequence = 0n;
  #throttled = 0;

  constructor(options: { region: string; shards: number }) {
    this.#region = options.region;
    this.#defaultShards = options.shards;
  }

  /** The next `entries` PutRecords entries (or PutRecord calls) fail with ProvisionedThroughputExceededException. */
  throttle(entries: number): void {
    this.#throttled += entries;
  }

  /**
   * Every record stored so far is past retention: trimmed as AWS trims records older than the stream's retention
   * period. Readers never see them again; an iterator asked for at a trimmed sequence number starts at the oldest
   * record kept (TRIM_HORIZON), which is how a reader can tell the range it wanted is gone. Records stay in the
   * array (iterators index into it); only the horizon moves.
   */
  expireRecords(): void {
    for (const stream of this.#streams.values()) {
      for (const shard of stream.shards) shard.trimHorizon = (shard.records.at(-1)?.sequence ?? -1n) + 1n;
    }
  }

  /** Runs one Kinesis operation; throws `KinesisServiceError` with Kinesis's error name when it refuses. */
  handle(operation: string, input: Input): unknown {
    switch (operation) {
      case 'CreateStream':
        return this.#createStream(input);
      case 'DescribeStreamSummary':
        return this.#describeStreamSummary(input);
      case 'DescribeStream':
        return this.#describeStream(input);
      case 'ListShards':
        return this.#listShards(input);
      case 'ListStreams':
        return { StreamNames: [...this.#streams.keys()], HasMoreStreams: false };
      case 'PutRecord':
        return this.#putRecord(input);
      case 'PutRecords':
        return this.#putRecords(input);
      case 'GetShardIterator':
        return this.#getShardIterator(input);
      case 'GetRecords':
        return this.#getRecords(input);
      default:
        throw new KinesisServiceError(
          'UnknownOperationException',
          `memoryKinesis does not implement ${operation}; use kinesis: 'kinesis-local' for it`,
        );
    }
  }

  #createStream(input: Input): object {
    const name = requireString(input, 'StreamName');
    if (this.#streams.has(name)) {
      throw new KinesisServiceError(
        'ResourceInUseException',
        `Stream ${name} under account ${ACCOUNT} already exists.`,
      );
    }
    const count = typeof input.ShardCount === 'number' ? input.ShardCount : this.#defaultShards;
    if (!Number.isInteger(count) || count < 1) {
      throw new KinesisServiceError('ValidationException', `ShardCount must be a positive integer, got ${count}`);
    }
    const shards: Shard[] = [];
    for (let i = 0; i < count; i++) {
      shards.push({
        shardId: `shardId-${String(i).padStart(12, '0')}`,
        startingHashKey: (BigInt(i) * HASH_SPACE) / BigInt(count),
        endingHashKey: (BigInt(i + 1) * HASH_SPACE) / BigInt(count) - 1n,
        startingSequenceNumber: this.#nextSequenceNumber().text,
        records: [],
        trimHorizon: 0n,
      });
    }
    this.#streams.set(name, {
      name,
      arn: `arn:aws:kinesis:${this.#region}:${ACCOUNT}:stream/${name}`,
      createdSeconds: Date.now() / 1000,
      shards,
    });
    return {};
  }

  #describeStreamSummary(input: Input): object {
    const stream = this.#stream(input);
    return {
      StreamDescriptionSummary: {
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: 'ACTIVE',
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: stream.createdSeconds,
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        EncryptionType: 'NONE',
        OpenShardCount: stream.shards.length,
        ConsumerCount: 0,
      },
    };
  }

  #describeStream(input: Input): object {
    const stream = this.#stream(input);
    return {
      StreamDescription: {
        StreamName: stream.name,
        StreamARN: stream.arn,
        StreamStatus: 'ACTIVE',
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        Shards: stream.shards.map(shardDescription),
        HasMoreShards: false,
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: stream.createdSeconds,
        EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
        EncryptionType: 'NONE',
      },
    };
  }

  #listShards(input: Input): object {
    // A NextToken names the stream on its own; memoryKinesis answers all shards in one page, so it is never given.
    const stream = this.#stream(input);
    return { Shards: stream.shards.map(shardDescription) };
  }

  #putRecord(input: Input): object {
    const stream = this.#stream(input);
    const entry = validEntry(input, 'PutRecord');
    if (this.#throttled > 0) {
      this.#throttled--;
      throw new KinesisServiceError(
        'ProvisionedThroughputExceededException',
        'Rate exceeded for shard in stream under account (memoryKinesis throttle hook).',
      );
    }
    const { shardId, sequenceNumber } = this.#append(stream, entry);
    return { ShardId: shardId, SequenceNumber: sequenceNumber, EncryptionType: 'NONE' };
  }

  #putRecords(input: Input): object {
    const stream = this.#stream(input);
    const raw = input.Records;
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_PUT_RECORDS_ENTRIES) {
      const length = Array.isArray(raw) ? raw.length : 0;
      throw new KinesisServiceError(
        'ValidationException',
        `1 validation error detected: Value with ${length} entries at 'records' failed to satisfy constraint: ` +
          `Member must have length ${length === 0 ? 'greater than or equal to 1' : `less than or equal to ${MAX_PUT_RECORDS_ENTRIES}`}`,
      );
    }
    // The whole request is checked before any record is written: a refused request writes nothing.
    const entries = raw.map((entry: unknown) => validEntry(isInput(entry) ? entry : {}, 'PutRecords'));
    const total = entries.reduce((sum, entry) => sum + entry.dataBytes + Buffer.byteLength(entry.partitionKey), 0);
    if (total > MAX_PUT_RECORDS_BYTES) {
      throw new KinesisServiceError(
        'InvalidArgumentException',
        `Records size exceeds 5 MB limit: the request holds ${total} bytes of data and partition keys`,
      );
    }
    let failed = 0;
    const results = entries.map((entry) => {
      if (this.#throttled > 0) {
        this.#throttled--;
        failed++;
        return {
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage: `Rate exceeded for shard in stream ${stream.name} under account ${ACCOUNT} (memoryKinesis throttle hook).`,
        };
      }
      const { shardId, sequenceNumber } = this.#append(stream, entry);
      return { ShardId: shardId, SequenceNumber: sequenceNumber };
    });
    return { FailedRecordCount: failed, Records: results, EncryptionType: 'NONE' };
  }

  #getShardIterator(input: Input): object {
    const stream = this.#stream(input);
    const shardId = requireString(input, 'ShardId');
    const shardIndex = stream.shards.findIndex((shard) => shard.shardId === shardId);
    const shard = stream.shards[shardIndex];
    if (!shard) {
      throw new KinesisServiceError(
        'ResourceNotFoundException',
        `Shard ${shardId} in stream ${stream.name} under account ${ACCOUNT} does not exist`,
      );
    }
    const type = requireString(input, 'ShardIteratorType');
    let next: number;
    switch (type) {
      case 'TRIM_HORIZON':
        next = firstIndexAtOrAfter(shard.records, shard.trimHorizon);
        break;
      case 'LATEST':
        next = shard.records.length;
        break;
      case 'AT_SEQUENCE_NUMBER':
      case 'AFTER_SEQUENCE_NUMBER': {
        const text = requireString(input, 'StartingSequenceNumber');
        if (!/^\d{1,128}$/.test(text)) {
          throw new KinesisServiceError('InvalidArgumentException', `StartingSequenceNumber ${text} is not a number`);
        }
        const wanted = BigInt(text);
        const at = firstIndexAtOrAfter(shard.records, wanted > shard.trimHorizon ? wanted : shard.trimHorizon);
        next = type === 'AFTER_SEQUENCE_NUMBER' && shard.records[at]?.sequence === wanted ? at + 1 : at;
        break;
      }
      case 'AT_TIMESTAMP': {
        const seconds = typeof input.Timestamp === 'number' ? input.Timestamp : Number.NaN;
        if (Number.isNaN(seconds)) {
          throw new KinesisServiceError('InvalidArgumentException', 'AT_TIMESTAMP needs a Timestamp');
        }
        const at = shard.records.findIndex((record) => record.arrivalSeconds >= seconds);
        next = at < 0 ? shard.records.length : at;
        break;
      }
      default:
        throw new KinesisServiceError('InvalidArgumentException', `Unknown ShardIteratorType ${type}`);
    }
    return { ShardIterator: encodeIterator({ stream: stream.name, shard: shardIndex, next }) };
  }

  #getRecords(input: Input): object {
    const state = decodeIterator(requireString(input, 'ShardIterator'));
    if (Date.now() > state.expiresAt) {
      throw new KinesisServiceError(
        'ExpiredIteratorException',
        'Iterator expired. The iterator was created more than 5 minutes ago; get a new one',
      );
    }
    const stream = this.#streams.get(state.stream);
    const shard = stream?.shards[state.shard];
    if (!stream || !shard) {
      throw new KinesisServiceError('ResourceNotFoundException', `Stream ${state.stream} does not exist`);
    }
    const limit = typeof input.Limit === 'number' ? input.Limit : MAX_GET_RECORDS_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_GET_RECORDS_LIMIT) {
      throw new KinesisServiceError(
        'ValidationException',
        `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000`,
      );
    }
    const records: object[] = [];
    let bytes = 0;
    let index = Math.max(state.next, firstIndexAtOrAfter(shard.records, shard.trimHorizon));
    while (index < shard.records.length && records.length < limit) {
      const record = shard.records[index]!;
      if (records.length > 0 && bytes + record.dataBytes > MAX_GET_RECORDS_BYTES) break;
      bytes += record.dataBytes;
      records.push({
        SequenceNumber: record.sequenceNumber,
        ApproximateArrivalTimestamp: record.arrivalSeconds,
        Data: record.data,
        PartitionKey: record.partitionKey,
      });
      index++;
    }
    const latest = shard.records.at(-1);
    const behind = index < shard.records.length && latest ? Math.max(0, Date.now() - latest.arrivalSeconds * 1000) : 0;
    return {
      Records: records,
      NextShardIterator: encodeIterator({ stream: stream.name, shard: state.shard, next: index }),
      MillisBehindLatest: behind,
    };
  }

  #append(stream: Stream, entry: ValidEntry): { shardId: string; sequenceNumber: string } {
    const shard = stream.shards.find((s) => entry.hashKey >= s.startingHashKey && entry.hashKey <= s.endingHashKey)!;
    const { value, text } = this.#nextSequenceNumber();
    shard.records.push({
      sequence: value,
      sequenceNumber: text,
      data: entry.data,
      dataBytes: entry.dataBytes,
      partitionKey: entry.partitionKey,
      arrivalSeconds: Date.now() / 1000,
    });
    return { shardId: shard.shardId, sequenceNumber: text };
  }

  #nextSequenceNumber(): { value: bigint; text: string } {
    // 56 digits like AWS's, so code that stores or compares them meets realistic widths.
    this.#sequence++;
    const text = `4959${this.#sequence.toString().padStart(52, '0')}`;
    return { value: BigInt(text), text };
  }

  #stream(input: Input): Stream {
    const arn = typeof input.StreamARN === 'string' ? input.StreamARN : undefined;
    const name = typeof input.StreamName === 'string' ? input.StreamName : arn?.split('/').at(-1);
    if (name === undefined) {
      throw new KinesisServiceError('ValidationException', 'Either StreamName or StreamARN must be given');
    }
    const stream = this.#streams.get(name);
    if (!stream) {
      throw new KinesisServiceError('ResourceNotFoundException', `Stream ${name} under account ${ACCOUNT} not found.`);
    }
    return stream;
  }
}

interface ValidEntry {
  readonly data: string;
  readonly dataBytes: number;
  readonly partitionKey: string;
  readonly hashKey: bigint;
}

function validEntry(input: Input, operation: string): ValidEntry {
  const data = typeof input.Data === 'string' ? input.Data : undefined;
  if (data === undefined) {
    throw new KinesisServiceError('ValidationException', `${operation}: a record has no Data`);
  }
  const partitionKey = typeof input.PartitionKey === 'string' ? input.PartitionKey : '';
  if (partitionKey.length < 1 || partitionKey.length > MAX_PARTITION_KEY_CHARS) {
    throw new KinesisServiceError(
      'ValidationException',
      `1 validation error detected: Value at 'partitionKey' failed to satisfy constraint: Member must have length between 1 and ${MAX_PARTITION_KEY_CHARS}`,
    );
  }
  const dataBytes = Buffer.byteLength(data, 'base64');
  if (dataBytes + Buffer.byteLength(partitionKey) > MAX_RECORD_BYTES) {
    throw new KinesisServiceError(
      'ValidationException',
      `1 validation error detected: Value at 'data' failed to satisfy constraint: the data blob plus partition key ` +
        `(${dataBytes + Buffer.byteLength(partitionKey)} bytes) must be at most ${MAX_RECORD_BYTES} bytes`,
    );
  }
  let hashKey: bigint;
  if (typeof input.ExplicitHashKey === 'string') {
    const explicit = input.ExplicitHashKey;
    if (!/^\d{1,39}$/.test(explicit) || BigInt(explicit) >= HASH_SPACE) {
      throw new KinesisServiceError(
        'InvalidArgumentException',
        `ExplicitHashKey ${explicit} is not an integer between 0 and 2^128 - 1`,
      );
    }
    hashKey = BigInt(explicit);
  } else {
    hashKey = hashKeyOf(partitionKey);
  }
  return { data, dataBytes, partitionKey, hashKey };
}

function shardDescription(shard: Shard): object {
  return {
    ShardId: shard.shardId,
    HashKeyRange: { StartingHashKey: shard.startingHashKey.toString(), EndingHashKey: shard.endingHashKey.toString() },
    SequenceNumberRange: { StartingSequenceNumber: shard.startingSequenceNumber },
  };
}

function firstIndexAtOrAfter(records: readonly StoredRecord[], sequence: bigint): number {
  let low = 0;
  let high = records.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (records[middle]!.sequence < sequence) low = middle + 1;
    else high = middle;
  }
  return low;
}

function encodeIterator(state: Omit<IteratorState, 'expiresAt'>): string {
  return Buffer.from(JSON.stringify({ ...state, expiresAt: Date.now() + ITERATOR_LIFETIME_MS })).toString('base64');
}

function decodeIterator(text: string): IteratorState {
  try {
    const state: unknown = JSON.parse(Buffer.from(text, 'base64').toString('utf8'));
    if (
      isInput(state) &&
      typeof state.stream === 'string' &&
      typeof state.shard === 'number' &&
      typeof state.next === 'number' &&
      typeof state.expiresAt === 'number'
    ) {
      return { stream: state.stream, shard: state.shard, next: state.next, expiresAt: state.expiresAt };
    }
  } catch (cause) {
    throw new KinesisServiceError('InvalidArgumentException', 'ShardIterator is not one memoryKinesis issued', {
      cause,
    });
  }
  throw new KinesisServiceError('InvalidArgumentException', 'ShardIterator is not one memoryKinesis issued');
}

function requireString(input: Input, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    throw new KinesisServiceError('ValidationException', `${field} is required`);
  }
  return value;
}

function isInput(value: unknown): value is Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
