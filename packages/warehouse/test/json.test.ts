import { type ColumnSpec, DmsFileError, SchemaChangeError, type Sink, type SinkTable } from '@ferry/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../src/index.js';
import { jsonTextProblem } from '../src/jsonTextProblem.js';
import { type Change, fileOf, tableOf } from './support/changes.js';
import { dialects, eachDialect } from './support/dialects.js';
import { openOn } from './support/openOn.js';

// A mapping's columns.json: the pipeline delivers the column as text, as for every sink; the warehouse alone holds
// it in its JSON type (SinkTable.jsonColumns).
const id: ColumnSpec = { name: 'id', type: { kind: 'int', bits: 32, signed: true } };
const payload: ColumnSpec = { name: 'payload', type: { kind: 'string' } };
const note: ColumnSpec = { name: 'note', type: { kind: 'string' } };
const jsonTable = (name: string, deletes: 'soft' | 'hard'): SinkTable => ({
  ...tableOf(name, deletes),
  jsonColumns: ['payload'],
});
const inserts = (docs: readonly (string | null)[], from = 1): Change[] =>
  docs.map((doc, i) => ({ op: 'I', at: from + i, row: { id: from + i, payload: doc, note: `n${from + i}` } }));

describe.each(Object.entries(dialects) as [DialectName, (typeof dialects)[DialectName]][])('%s', (name, dialect) => {
  let warehouse: Sink;
  beforeEach(async () => {
    warehouse = await openOn(dialect);
  });
  afterEach(async () => {
    await warehouse.close();
  });

  const ledger = async (table: SinkTable) =>
    (
      await warehouse.query(
        `SELECT file_key FROM raw.${name === 'bigquery' ? `_ferry_ledger_${table.name}` : '_ferry_ledger'} ORDER BY file_key`,
      )
    ).rows.map(([key]) => key);
  const columnType = async (table: string, column: string) =>
    (
      await warehouse.query(
        `SELECT data_type FROM information_schema.columns WHERE table_schema = 'raw' AND table_name = '${table}' AND column_name = '${column}'`,
      )
    ).rows[0]?.[0];

  it.each(['soft', 'hard'] as const)(
    'holds the column in the JSON type, merges it like any other, and reads back the same JSON (%s deletes)',
    async (deletes) => {
      const table = jsonTable('events', deletes);
      const docs = [
        '{"b": [1, "둘", {"c": null}],  "a": true, "n": -12.50}',
        '[]',
        '"a string"',
        'null',
        ' 42 ',
        '{"emoji": "🚀", "escaped": "\\u00e9\\ud83d\\ude80\\n", "big": 18446744073709551615}',
        null,
      ];
      await warehouse.applyFiles(table, [fileOf('cdc/1.parquet', [id, payload, note], inserts(docs))]);
      await warehouse.applyFiles(table, [
        fileOf(
          'cdc/2.parquet',
          [id, payload, note],
          [
            { op: 'U', at: 10, row: { id: 1, payload: '{"a": false}', note: 'updated' } },
            { op: 'D', at: 11, row: { id: 2, payload: '[]', note: 'n2' } },
            { op: 'U', at: 0, row: { id: 3, payload: '"stale"', note: 'stale' } },
          ],
        ),
      ]);
      const rows = await warehouse.readRows(table, [id, payload, note]);
      const expected = [['{"a": false}', 'updated'], ...docs.slice(2).map((doc, i) => [doc, `n${i + 3}`])];
      expect(rows.map((r) => r.id)).toEqual(['1', '3', '4', '5', '6', '7']);
      // The warehouse's own JSON text: the same JSON value, though spacing, key order and number spelling may differ.
      expect(rows.map((r) => [r.payload == null ? null : JSON.parse(r.payload), r.note])).toEqual(
        expected.map(([doc, n]) => [doc === null ? null : JSON.parse(doc!), n]),
      );
      expect(await columnType('events', 'payload')).toBe('JSON');
      expect(await columnType('events', 'note')).toBe('VARCHAR');
      const registry = await warehouse.query(
        `SELECT column_name, CAST(column_type AS VARCHAR) FROM raw._ferry_columns ORDER BY ordinal`,
      );
      expect(registry.rows.map(([column, type]) => [column, JSON.parse(type as string)])).toEqual([
        ['id', id.type],
        ['payload', { kind: 'string', json: true }],
        ['note', { kind: 'string' }],
      ]);
    },
  );

  it('fails a file whose JSON column holds text that is not JSON, naming file, row and column; nothing is committed', async () => {
    const table = jsonTable('events', 'soft');
    await warehouse.applyFiles(table, [fileOf('cdc/1.parquet', [id, payload], inserts(['{"ok": 1}']))]);
    // Row groups of two rows: the row number counts from the start of the file, across row groups.
    const bad = fileOf('cdc/3.parquet', [id, payload], inserts(['{}', '[1]', '{"a": 2}', '{"a": 3', '{}'], 10), {
      chunkRows: 2,
    });
    const error = await warehouse
      .applyFiles(table, [fileOf('cdc/2.parquet', [id, payload], inserts(['{"ok": 2}'], 2)), bad])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DmsFileError);
    expect(error).toMatchObject({ fileKey: 'cdc/3.parquet', row: 3, retryable: false });
    expect((error as Error).message).toMatch(/^cdc\/3\.parquet row 3: column "payload" is not valid JSON \(/);
    const rows = await warehouse.readRows(table, [id, payload]);
    expect(rows.map((r) => [r.id, JSON.parse(r.payload!)])).toEqual([['1', { ok: 1 }]]);
    expect(await ledger(table)).toEqual(['cdc/1.parquet']);
    // Without the bad file the batch lands.
    await warehouse.applyFiles(table, [fileOf('cdc/2.parquet', [id, payload], inserts(['{"ok": 2}'], 2))]);
    expect(await ledger(table)).toEqual(['cdc/1.parquet', 'cdc/2.parquet']);
  });

  it('refuses, naming the row, text every warehouse would take differently: blank, repeated keys, lone surrogates', async () => {
    const table = jsonTable('events', 'hard');
    const cases = [
      ['', 'is not valid JSON ('],
      ['   ', 'is not valid JSON ('],
      ['{"a": 1, "b": {"c": 1, "c": 2}}', 'repeats the key "c" in one object'],
      ['{"a": 1, "\\u0061": 2}', 'repeats the key "a" in one object'],
      ['["\\ud800"]', 'holds a string with half of a UTF-16 surrogate pair'],
    ] as const;
    for (const [i, [doc, reason]] of cases.entries()) {
      const error = await warehouse
        .applyFiles(table, [fileOf(`cdc/${i}.parquet`, [id, payload], inserts(['{}', doc]))])
        .catch((e: unknown) => e);
      expect(error, doc).toBeInstanceOf(DmsFileError);
      expect((error as Error).message).toContain(`cdc/${i}.parquet row 1: column "payload" ${reason}`);
    }
    expect(await warehouse.readRows(table, [id, payload])).toEqual([]);
    // The same keys in different objects, and escapes that spell different keys, are fine.
    await warehouse.applyFiles(table, [
      fileOf('cdc/ok.parquet', [id, payload], inserts(['[{"a": 1}, {"a": 2}]', '{"a": {"a": 1}, "\\u0062": 2}'])),
    ]);
    expect(await warehouse.readRows(table, [id, payload])).toHaveLength(2);
  });

  it('lands the numbers its JSON type keeps exactly and refuses the others, naming the row', async () => {
    const table = jsonTable('numbers', 'soft');
    const numbers = [
      '18446744073709551615',
      '-9223372036854775809',
      '1.0000000000000000000000001',
      '0.12345678901234567890123456789012345678901',
      '1e400',
      '1e40',
      '0.30000000000000004',
    ];
    const kept: Record<DialectName, readonly string[]> = {
      // DuckDB's JSON is checked text: every number stays as written.
      duckdb: numbers,
      // NUMBER(38, ≤ 37) without an exponent, else a double.
      snowflake: [
        '18446744073709551615',
        '-9223372036854775809',
        '1.0000000000000000000000001',
        '1e40',
        '0.30000000000000004',
      ],
      // 64-bit integers and doubles only (PARSE_JSON's default wide_number_mode => 'exact').
      bigquery: ['18446744073709551615', '1e40', '0.30000000000000004'],
    };
    for (const [i, n] of numbers.entries()) {
      const attempt = warehouse.applyFiles(table, [
        fileOf(`cdc/${i}.parquet`, [id, payload], inserts([`{"n": [${n}]}`], i + 1)),
      ]);
      if (kept[name].includes(n)) await attempt;
      else {
        const error = await attempt.catch((e: unknown) => e);
        expect(error, n).toBeInstanceOf(DmsFileError);
        expect((error as Error).message).toContain(
          `cdc/${i}.parquet row 0: column "payload" holds the number ${n.length > 48 ? n.slice(0, 45) : n}`,
        );
      }
    }
    const rows = await warehouse.readRows(table, [id, payload]);
    expect(rows.map((r) => r.id)).toEqual(kept[name].map((n) => String(numbers.indexOf(n) + 1)));
  });

  it('switching a text column to JSON, or back, is a type change: SchemaChangeError, nothing written', async () => {
    const asText = tableOf('switch', 'soft');
    await warehouse.applyFiles(asText, [fileOf('cdc/1.parquet', [id, payload], inserts(['{"a": 1}']))]);
    const toJson = await warehouse
      .applyFiles({ ...asText, jsonColumns: ['payload'] }, [
        fileOf('cdc/2.parquet', [id, payload], inserts(['{"a": 2}'], 2)),
      ])
      .catch((e: unknown) => e);
    expect(toJson).toBeInstanceOf(SchemaChangeError);
    expect((toJson as Error).message).toContain(
      'test:shop.switch: column "payload" was string, a file now has json (cdc/2.parquet)',
    );

    const asJson = jsonTable('switched', 'soft');
    await warehouse.applyFiles(asJson, [fileOf('cdc/1.parquet', [id, payload], inserts(['{"a": 1}']))]);
    const toText = await warehouse
      .applyFiles({ ...asJson, jsonColumns: [] }, [fileOf('cdc/2.parquet', [id, payload], inserts(['{"a": 2}'], 2))])
      .catch((e: unknown) => e);
    expect(toText).toBeInstanceOf(SchemaChangeError);
    expect((toText as Error).message).toContain('column "payload" was json, a file now has string (cdc/2.parquet)');
    expect(await warehouse.readRows(asText, [id])).toEqual([{ id: '1' }]);
    expect(await warehouse.readRows(asJson, [id])).toEqual([{ id: '1' }]);
  });

  it('stops the table when a JSON column arrives as anything but text, before reading a row', async () => {
    const table = jsonTable('typed', 'soft');
    const number: ColumnSpec = { name: 'payload', type: { kind: 'int', bits: 64, signed: true } };
    const error = await warehouse
      .applyFiles(table, [fileOf('cdc/1.parquet', [id, number], [{ op: 'I', at: 1, row: { id: 1, payload: 5n } }])])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaChangeError);
    expect((error as Error).message).toContain(
      'column "payload" is in columns.json (held as JSON) but cdc/1.parquet has it as int64, not text',
    );
  });

  it('adds a JSON column that a later file brings, in the JSON type', async () => {
    const table = jsonTable('grows', 'soft');
    await warehouse.applyFiles(table, [fileOf('cdc/1.parquet', [id], [{ op: 'I', at: 1, row: { id: 1 } }])]);
    await warehouse.applyFiles(table, [fileOf('cdc/2.parquet', [id, payload], inserts(['{"x": [1, 2]}'], 2))]);
    expect(await columnType('grows', 'payload')).toBe('JSON');
    const rows = await warehouse.readRows(table, [id, payload]);
    expect(rows.map((r) => [r.id, r.payload == null ? null : JSON.parse(r.payload)])).toEqual([
      ['1', null],
      ['2', { x: [1, 2] }],
    ]);
  });
});

describe('jsonTextProblem', () => {
  it.each(
    eachDialect({
      duckdb: {
        '123456789012345678901': undefined,
        '0.1000000000000000055511151231257827': undefined,
        '-0': undefined,
      },
      snowflake: {
        '123456789012345678901': undefined,
        '0.1000000000000000055511151231257827': undefined,
        '-0': undefined,
      },
      bigquery: {
        '123456789012345678901': 'holds the number 123456789012345678901',
        '0.1000000000000000055511151231257827': 'holds the number 0.1000000000000000055511151231257827',
        '-0': undefined,
      },
    }),
  )('%s judges numbers by capabilities.json', (_, dialect, expected) => {
    for (const [n, problem] of Object.entries(expected)) {
      const found = jsonTextProblem(`{"k": ${n}}`, dialect.capabilities.json);
      if (problem === undefined) expect(found, n).toBeUndefined();
      else expect(found, n).toContain(problem);
    }
  });

  it('skips strings, even ones holding quotes, backslashes, digits and braces', () => {
    const json = { keepsText: false, exactDecimals: undefined };
    expect(jsonTextProblem('{"a": "x\\\\", "b": "}{, \\"123456789012345678901\\"", "c": ["a", "a"]}', json)).toBe(
      undefined,
    );
    expect(jsonTextProblem('{"a\\\\": 1, "a": 2}', json)).toBeUndefined();
    expect(jsonTextProblem('{"a\\\\": 1, "a\\u005c": 2}', json)).toContain('repeats the key "a\\\\"');
  });
});
