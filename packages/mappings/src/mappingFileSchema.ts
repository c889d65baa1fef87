import { IDENTIFIER_PATTERN } from '@ferry/core';
import { z } from 'zod';

const columnName = z.string().min(1, { error: 'must be a non-empty column name' });

/** A name ferry creates in a target; the pattern lands in the JSON Schema so editors flag bad names too. */
const targetName = (what: string) =>
  z.string({ error: `must be a string: the ${what}` }).regex(IDENTIFIER_PATTERN, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} cannot be a ${what}: use only letters, digits and _, starting with a letter or _, at most 63 characters`,
  });

const columnList = (what: string) =>
  z
    .array(columnName, { error: `must be an array of source column names, e.g. ["col_a"]` })
    .default([])
    .describe(`${what} Source column names. Default: [].`);

const warehouseTable = z
  .strictObject({
    schema: targetName('warehouse schema name')
      .optional()
      .describe(
        'Warehouse schema (BigQuery dataset). Default: the source id with every character outside [A-Za-z0-9_] replaced by "_" (brand-a → brand_a).',
      ),
    table: targetName('warehouse table name')
      .optional()
      .describe('Warehouse table. Default: the source table name (the DMS folder name).'),
    deletes: z
      .enum(['soft', 'hard'])
      .default('soft')
      .describe(
        'How a delete lands. "soft" (default): the row stays, flagged _ferry_deleted = true. "hard": the row is removed and a tombstone keeps its position, so a late, older change cannot bring it back.',
      ),
  })
  .describe('Where the table lands in the warehouse.');

const speedLayerTable = z
  .strictObject({
    table: targetName('speed-layer table name')
      .optional()
      .describe('Speed-layer table. Default: the source table name (the DMS folder name).'),
  })
  .describe(
    'Where the table lands in the speed layer. Deletes are always hard there: the app-facing table holds live rows only (a tombstone keeps the deleted row’s position).',
  );

const columns = z
  .strictObject({
    exclude: columnList('Columns that are not copied to any sink.'),
    mask: columnList(
      'Columns whose values are replaced by a keyed hash (HMAC-SHA256, hex, of the value’s exact text; NULL stays NULL). The key comes from config, never from a mapping. Masked columns are strings in the sinks.',
    ),
    rename: z
      .record(columnName, targetName('target column name'), {
        error: 'must be an object of source name → target name, e.g. {"amt": "amount"}',
      })
      .default({})
      .describe(
        'Source column name → target column name. Use it for names the targets cannot take (only letters, digits and _ are allowed). Default: {}.',
      ),
    wallClock: columnList(
      'Timestamp columns that hold a wall-clock reading with no zone (MySQL DATETIME), not a UTC instant.',
    ),
    json: columnList(
      'Text columns holding JSON (MySQL JSON, PostgreSQL json/jsonb) that the warehouse keeps in its JSON type (Snowflake VARIANT, BigQuery JSON, DuckDB JSON) instead of text. The warehouse normalises JSON (key order, whitespace, numbers per its own rules) and a value it cannot take exactly fails its file; the speed layer keeps text. Not key, masked or excluded columns.',
    ),
  })
  .describe('What happens to individual columns. Every list defaults to empty.');

const sequenceColumn = z
  .union([z.literal(false), columnName], {
    error: 'must be a source column name, or false for none',
  })
  .describe(
    'Source column that orders the changes of a row across files, e.g. AR_H_CHANGE_SEQ added by a DMS transformation rule (35 digits). Optional: without it, order comes from the file names and row numbers. A table’s value overrides the source’s; false turns it off for the table.',
  );

const timestampColumn = z
  .union([z.literal(false), columnName], {
    error: 'must be the name of the DMS timestamp column (TimestampColumnName), or false for none',
  })
  .describe(
    'The string column DMS adds with TimestampColumnName (yyyy-MM-dd HH:mm:ss.SSSSSS); ferry parses it to a timestamp. false: the files have none. A table’s value overrides the source’s.',
  );

const freshnessMinutes = z
  .int({ error: 'must be a whole number of minutes, e.g. 30' })
  .min(1, { error: 'must be at least 1 minute' })
  .max(1440, { error: 'must be at most 1440 (a day): CloudWatch evaluates an alarm over at most a day' })
  .describe(
    'Minutes without a committed file after which the table counts as stale in each sink it feeds: `ferry status` exits 1 and the freshness alarm fires. A table’s value overrides the source’s; default: the stage’s alarms.freshnessMinutes (`ferry status` without a stage: 60). Set it above the longest quiet spell the source table has.',
  );

const table = z
  .strictObject({
    primaryKey: z
      .array(columnName, { error: 'must be an array of source column names, e.g. ["id"]' })
      .min(1, { error: 'must list at least one column: every mapped table needs a primary key' })
      .describe(
        'Source column names that identify a row (in the source’s key order). Required; they may not be excluded or masked.',
      ),
    warehouse: z
      .union([z.literal(false), warehouseTable], {
        error: 'must be false (skip the warehouse) or an object like {"schema": "raw", "table": "orders"}',
      })
      .optional()
      .describe(
        'Warehouse target, or false to skip the warehouse. Default: { schema: <source id with every character outside [A-Za-z0-9_] replaced by _>, table: <source table name>, deletes: "soft" }; missing fields are filled the same way.',
      ),
    speedLayer: z
      .union([z.literal(false), speedLayerTable], {
        error: 'must be false (skip the speed layer) or an object like {"table": "orders"}',
      })
      .optional()
      .describe('Speed-layer target, or false to skip the speed layer. Default: { table: <source table name> }.'),
    columns: columns.optional(),
    sequenceColumn: sequenceColumn.optional(),
    timestampColumn: timestampColumn.optional(),
    freshnessMinutes: freshnessMinutes.optional(),
  })
  .describe('How one source table flows.');

const AWS_ACCOUNT = /^\d{12}$/;
// The account sits in the ARN's fifth field; a path (role/service-role/name) is part of the name.
const IAM_ROLE_ARN = /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const writer = z
  .strictObject({
    account: z
      .string({ error: 'must be a string: the 12-digit AWS account id, e.g. "123456789012"' })
      .regex(AWS_ACCOUNT, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not an AWS account id: write its 12 digits as a string, e.g. "123456789012"`,
      })
      .describe('The AWS account id (12 digits) the source’s DMS task writes from.'),
    role: z
      .string({ error: 'must be a string: the ARN of the IAM role DMS writes with' })
      .regex(IAM_ROLE_ARN, {
        error: (issue) =>
          `${JSON.stringify(issue.input)} is not an IAM role ARN: use arn:aws:iam::<account>:role/<name>, e.g. "arn:aws:iam::123456789012:role/dms-s3"`,
      })
      .optional()
      .describe(
        'The IAM role DMS writes with (its S3 endpoint’s ServiceAccessRoleArn), in that account. Without it, the whole account is granted.',
      ),
  })
  .superRefine((w, ctx) => {
    const roleAccount = w.role?.split(':')[4];
    if (roleAccount !== undefined && roleAccount !== w.account) {
      ctx.addIssue({
        code: 'custom',
        path: ['role'],
        input: w.role,
        message: `the role is in account ${roleAccount}, not in writer.account ${w.account} — name a role of the writing account, or fix the account`,
      });
    }
  })
  .describe(
    'The AWS account (and optionally the role) this source’s DMS task writes from, when it is not the deploying account. The landing bucket’s policy grants exactly it s3:PutObject under this source’s prefix, and nothing else.',
  );

/**
 * The shape of one mapping file (`mappings/<source>.json`), as zod checks it and as `mappings.schema.json`
 * (generated from it) shows editors. Defaults that depend on other fields (the warehouse schema, the table
 * names) are resolved by `parseMappings`; the descriptions say what they are.
 *
 * What a schema cannot express lives in `parseMappings`: reserved `_ferry_` names, defaulted names the
 * sinks cannot take, contradictions between column lists, and checks across files.
 */
export const mappingFileSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path to mappings.schema.json, for editors.'),
    source: z
      .string({ error: 'must be a string naming the DMS source, e.g. "brand-a"' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, {
        error: 'must start with a letter or digit and hold only letters, digits, ".", "_" and "-", e.g. "brand-a"',
      })
      .describe('Id of the DMS source (a brand, a cluster): unique across mapping files; it names tables in ledgers.'),
    prefix: z
      .string({ error: 'must be a string: the S3 key prefix of this source, e.g. "dms/brand-a/"' })
      .regex(/^([^/].*\/)?$/, {
        error:
          'must end with "/" (a folder, e.g. "dms/brand-a/") or be "" (the bucket root), and must not start with "/"',
      })
      .describe(
        'S3 key prefix under which DMS writes this source’s <schema>/<table>/ folders (DMS BucketFolder plus "/"), or "" for the bucket root. Prefixes of different sources must not overlap.',
      ),
    writer: writer.optional(),
    tenant: z
      .strictObject({
        column: targetName('tenant column name').describe(
          'Target column that holds the tenant value; letters, digits and _.',
        ),
        value: z.string().min(1, { error: 'must be a non-empty string' }).describe('The value stamped on every row.'),
      })
      .optional()
      .describe(
        'Stamps a constant string column on every row of this source and puts it first in the key, so several sources can feed one table. Required when two mappings write the same target table (then with the same column and different values).',
      ),
    timestampColumn: timestampColumn.default('DMS_TIMESTAMP'),
    sequenceColumn: sequenceColumn.optional(),
    freshnessMinutes: freshnessMinutes.optional(),
    tables: z
      .record(
        z.string().regex(/^[^./]+\.[^./]+$/, {
          error: 'must be "<schema>.<table>" as DMS names the folders, e.g. "shop.orders"',
        }),
        table,
        { error: 'must be an object keyed by "<schema>.<table>", e.g. {"shop.orders": {"primaryKey": ["id"]}}' },
      )
      .describe(
        'The source tables to move, keyed by "<schema>.<table>" as DMS names the folders. Unlisted tables are skipped.',
      ),
  })
  .meta({
    title: 'ferry mapping file',
    description:
      'One DMS source: where its files land in S3 and how each of its tables flows to the warehouse and the speed layer.',
  });
