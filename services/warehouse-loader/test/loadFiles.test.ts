import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { routeOutput } from '@ferry/aws';
import type { Sink } from '@ferry/core';
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
      { mappingsDir: '(given)', warehouseUrl: '(given)', maskKey: 'test-mask-key-0123456789', s3ForcePathStyle: true },
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
});
