/**
 * Kinesis stand-ins side by side: records/s for PutRecords (500 × 1 KB per call, one call at a time, as one
 * producer sends) and for draining the stream with GetRecords (Limit 10,000, shard after shard), through the real
 * SDK client. Figures go to stdout; nothing is asserted.
 *
 *   node --import tsx packages/local-stack/bench/kinesisThroughput.ts [--records 20000] [--local-records 5000]
 *     [--shards 2] [--only memory|kinesis-local]
 *
 * kinesis-local gets fewer records by default: it writes a few hundred records/s and slows as a stream grows.
 */
import { parseArgs } from 'node:util';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { startLocalStack } from '../src/index.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '20000' },
    'local-records': { type: 'string', default: '5000' },
    shards: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const shards = Number(values.shards);
const backends = (['memory', 'kinesis-local'] as const).filter((b) => values.only === undefined || values.only === b);

for (const backend of backends) {
  const records = Number(backend === 'memory' ? values.records : values['local-records']);
  const started = performance.now();
  const stack = await startLocalStack({ kinesis: backend, shards });
  const startMs = performance.now() - started;
  const kinesis = new KinesisClient(stack.clientConfig('kinesis'));
  const streamName = stack.topology.streamName;
  const data = new Uint8Array(1024).fill(120);

  const putStart = performance.now();
  for (let sent = 0; sent < records; sent += 500) {
    const count = Math.min(500, records - sent);
    const { FailedRecordCount } = await kinesis.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: Array.from({ length: count }, (_, i) => ({ PartitionKey: `table|${sent + i}`, Data: data })),
      }),
    );
    if (FailedRecordCount) throw new Error(`${backend}: ${FailedRecordCount} records failed`);
  }
  const putSeconds = (performance.now() - putStart) / 1000;

  const getStart = performance.now();
  let read = 0;
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  for (const shard of Shards) {
    let { ShardIterator: iterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (iterator) {
      const {
        Records = [],
        NextShardIterator,
        MillisBehindLatest,
      } = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10_000 }));
      read += Records.length;
      iterator = NextShardIterator;
      if (Records.length === 0 && !MillisBehindLatest) break;
    }
  }
  const getSeconds = (performance.now() - getStart) / 1000;
  if (read !== records) throw new Error(`${backend}: read ${read} of ${records} records`);

  console.log(
    `${backend.padEnd(14)} start ${startMs.toFixed(0).padStart(5)} ms | PutRecords ${records} × 1 KB: ` +
      `${(records / putSeconds).toFixed(0).padStart(6)} records/s | GetRecords drain: ` +
      `${(read / getSeconds).toFixed(0).padStart(7)} records/s (${shards} shards)`,
  );
  kinesis.destroy();
  await stack.stop();
}
