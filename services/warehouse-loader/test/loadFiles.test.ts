import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { routeOutput } from '@ferry/aws';
import type { FileChanges, Sink, SinkResult, SinkTable } from '@ferry/core';
import { type LocalStack, startLocalStack } from '@ferry/local-stack';
import { parseMappings } from '@ferry/mappings';
import { encodeDmsParquet, mysqlDmsType, OutputCapture } from '@ferry/testkit';
import { openWarehouse } from '@ferry/warehouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compose, type LoadFilesDeps, loadFiles } from '../src/index.js';

const mappings = parseMappings([
  {
    file: 'app.json',
    json: {
      source: 'app',
      prefix: 'dms/app/',
      tables: { 'app.notes': { primaryKey: ['id'], warehouse: { schema: 'raw', table: 'notes', deletes: 'soft' } } },
    },
  },
]);

/** Two sources (tenants) feeding one consolidated warehouse table, raw.orders. */
const consolidated = parseMappings(
  ['brand-a', 'brand-b'].map((source) => ({
    file: `${source}.json`,
    json: {
      source,
      prefix: `dms/${source}/`,
      tenant: { column: 'brand_id', value: source },
      tables: { 'shop.orders': { primaryKey: ['id'], warehouse: { schema: 'raw', table: 'orders' } } },
    },
  })),
);

/** The warehouse, with the tables and files of every `applyFiles` call written down. */
class RecordingSink implements Sink {
  readonly dialect: string;
  readonly calls: { table: string; files: string[] }[] = [];
  constructor(private readonly inner: Sink) {
    this.dialect = inner.dialect;
  }
  applyFiles(table: SinkTable, files: readonly FileChanges[]): Promise<SinkResult> {
    this.calls.push({ table: `${table.namespace}.${table.name}`, files: files.map((f) => f.fileKey) });
    return this.inner.applyFiles(table, files);
  }
  readRows: Sink['readRows'] = (table, columns) => this.inner.readRows(table, columns);
  query: Sink['query'] = (sql) => this.inner.query(sql);
  close = () => this.inner.close();
}

const notesFile = (ids: bigint[], note: string) =>
  encodeDmsParquet([
    { name: 'Op', ...mysqlDmsType.op, values: ids.map(() => 'U') },
    { name: 'id', ...mysqlDmsType.bigint, values: ids },
    { name: 'note', ...mysqlDmsType.text, values: ids.map(() => note) },
    { name: 'amount', ...mysqlDmsType.decimal(38, 4), values: ids.map(() => '12345678901234567890123456789012.3456') },
  ]);

describe('loadFiles on the local stack and DuckDB', () => {
  let stack: LocalStack;
  let sqs: SQSClient;
  let warehouse: Sink;
  const output = new OutputCapture();
  let deps: LoadFilesDeps;
  beforeAll(async () => {
    stack = await startLocalStack({ kinesis: 'memory' });
    sqs = new SQSClient(stack.clientConfig('sqs'));
    warehouse = await openWarehouse('duckdb::memory:');
    deps = await compose(
      {
        mappingsDir: '(given)',
        warehouseUrl: '(given)',
        maskKey: 'test-mask-key-0123456789',
        s3ForcePathStyle: true,
        minMergeIntervalSeconds: 0,
        queueUrl: undefined,
      },
      {
        s3: new S3Client(stack.clientConfig('s3')),
        warehouse,
        mappings,
        logger: routeOutput(new Logger({ serviceName: 'warehouse-loader' }), output.console),
        metrics: routeOutput(new Metrics({ namespace: 'ferry', serviceName: 'warehouse-loader' }), output.console),
      },
    );
  });
  afterAll(async () => {
    await warehouse?.close();
    await stack?.stop();
  });

  const receive = async () => {
    const messages: { messageId: string; body: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const got = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: stack.topology.warehouseQueueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
        }),
      );
      messages.push(...(got.Messages ?? []).map((m) => ({ messageId: m.MessageId!, body: m.Body! })));
      if ((got.Messages ?? []).length === 0) break;
    }
    return messages;
  };

  it('loads one table’s files of a batch together, exactly, skips the unmapped, and changes nothing on redelivery', async () => {
    await stack.putObject('dms/app/app/notes/20261123-000000001.parquet', notesFile([1n, 2n], 'first'));
    await stack.putObject('dms/app/app/notes/20261123-000000002.parquet', notesFile([2n, 3n], 'second'), { times: 2 });
    await stack.putObject('dms/app/app/unmapped/20261123-000000003.parquet', notesFile([9n], 'x'));
    await stack.publishTestEvent();
    const batch = await receive();
    expect(batch.length).toBe(5);

    const outcome = await loadFiles(deps, batch);
    expect(outcome.failures.size).toBe(0);
    const loaded = output.records().filter((r) => r.message === 'table loaded');
    expect(loaded).toHaveLength(1); // one load and MERGE for the table, for the whole batch
    expect(loaded[0]).toMatchObject({ table: 'app:app.notes', files: 2, rows: 4 });
    expect(output.records().filter((r) => r.message === 'skipped')).toHaveLength(2);
    const emf = output.records().find((r) => r._aws !== undefined && r.FilesLoaded !== undefined);
    expect(emf).toMatchObject({ table: 'app:app.notes', FilesLoaded: 2, RowsLoaded: 4 });

    const rows = await warehouse.query('select id, note, amount from raw.notes_live order by id');
    expect(rows.rows).toEqual([
      ['1', 'first', '12345678901234567890123456789012.3456'],
      ['2', 'second', '12345678901234567890123456789012.3456'],
      ['3', 'second', '12345678901234567890123456789012.3456'],
    ]);

    const again = await loadFiles(deps, batch);
    expect(again.failures.size).toBe(0);
    expect(
      output
        .records()
        .filter((r) => r.message === 'table loaded')
        .at(-1),
    ).toMatchObject({
      files: 0,
      filesAlreadyApplied: 2,
    });
  });

  it('fails only the message of a corrupt file, terminally, naming the file', async () => {
    const bad = 'dms/app/app/notes/20261123-000000010.parquet';
    await stack.putObject(bad, new TextEncoder().encode('PAR1 but not really'));
    await stack.putObject('dms/app/app/notes/20261123-000000011.parquet', notesFile([4n], 'fine'));
    const batch = await receive();
    const outcome = await loadFiles(deps, batch);
    expect(outcome.failures.size).toBe(1);
    const [failure] = [...outcome.failures.values()];
    expect(failure).toMatchObject({ retryable: false });
    expect(failure!.reason).toContain(bad);
    expect((await warehouse.query('select count(*) from raw.notes_live where id = 4')).rows).toEqual([['1']]);
  });

  it('merges a consolidated table’s sources in ONE applyFiles per batch; a bad file of one source fails only its message', async () => {
    const recording = new RecordingSink(warehouse);
    const key = (source: string, n: number) => `dms/${source}/shop/orders/20261123-00000000${n}.parquet`;
    const bad = key('brand-a', 2);
    await stack.putObject(key('brand-a', 1), notesFile([1n, 2n], 'a'));
    await stack.putObject(bad, new TextEncoder().encode('PAR1 but not really'));
    await stack.putObject(key('brand-b', 1), notesFile([1n], 'b'));
    await stack.putObject(key('brand-b', 3), notesFile([3n], 'b'));
    const batch = await receive();
    expect(batch.length).toBe(4);
    const before = output.records().length;

    const outcome = await loadFiles({ ...deps, mappings: consolidated, warehouse: recording }, batch);
    // One call for the target, holding both sources' good files (in the order the queue handed them out).
    expect(recording.calls.map((c) => ({ ...c, files: [...c.files].sort() }))).toEqual([
      { table: 'raw.orders', files: [key('brand-a', 1), key('brand-b', 1), key('brand-b', 3)] },
    ]);
    expect([...outcome.failures.values()].map((f) => f.reason)).toEqual([expect.stringContaining(bad)]);
    const records = output.records().slice(before);
    const loaded = (table: string) => records.filter((r) => r.message === 'table loaded' && r.table === table);
    expect(records.filter((r) => r.message === 'table loaded')).toHaveLength(2);
    expect(loaded('brand-a:shop.orders')).toEqual([
      expect.objectContaining({
        target: 'raw.orders',
        targetEntries: expect.arrayContaining(['brand-a:shop.orders', 'brand-b:shop.orders']),
        targetCalls: 1,
        files: 1,
        filesFailed: 1,
        rows: 2,
      }),
    ]);
    expect(loaded('brand-b:shop.orders')).toEqual([
      expect.objectContaining({ target: 'raw.orders', targetCalls: 1, files: 2, filesFailed: 0, rows: 2 }),
    ]);
    expect(records.filter((r) => r.message === 'file failed')).toEqual([
      expect.objectContaining({ table: 'brand-a:shop.orders', target: 'raw.orders', fileKey: bad, retryable: false }),
    ]);
    expect(
      (await warehouse.query('select brand_id, id, note from raw.orders_live order by brand_id, id')).rows,
    ).toEqual([
      ['brand-a', '1', 'a'],
      ['brand-a', '2', 'a'],
      ['brand-b', '1', 'b'],
      ['brand-b', '3', 'b'],
    ]);
  });
});
