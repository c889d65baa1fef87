import { type ColumnType, FerryError } from '@ferry/core';
import type { WarehouseDialect } from '../WarehouseDialect.js';

/** Google Cloud project ids: 6–30 lowercase letters, digits and hyphens, from a letter, not ending in `-`. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

const decimals = Object.freeze({ maxPrecision: 76, maxScale: 38, maxIntegerDigits: 38 });

/**
 * BigQuery's exact decimals are parameterized NUMERIC(P,S) (S ≤ 9, P − S ≤ 29) and BIGNUMERIC(P,S)
 * (S ≤ 38, P − S ≤ 38). The narrower type is chosen when it holds the column, so DECIMAL(38,4) `money`
 * (34 integer digits) is BIGNUMERIC(38,4); anything past BIGNUMERIC is refused (`capabilities.decimals`).
 */
function decimalTypeName(precision: number, scale: number): string {
  if (scale <= 9 && precision - scale <= 29) return `NUMERIC(${precision},${scale})`;
  if (scale <= decimals.maxScale && precision - scale <= decimals.maxIntegerDigits) {
    return `BIGNUMERIC(${precision},${scale})`;
  }
  throw new RangeError(
    `BigQuery BIGNUMERIC holds at most 38 digits before the point and 38 after: not decimal(${precision},${scale})`,
  );
}

function typeName(type: ColumnType): string {
  switch (type.kind) {
    case 'boolean':
      return 'BOOL';
    case 'int':
      // INT64 is BigQuery's only integer type; uint64 values above 2^63−1 do not fit it (FACTS §4: such a value
      // fails a load), so uint64 is NUMERIC(20,0): exact for every uint64, and still a number to compare and sum.
      return type.bits === 64 && !type.signed ? 'NUMERIC(20,0)' : 'INT64';
    case 'float':
      return 'FLOAT64';
    case 'decimal':
      return decimalTypeName(type.precision, type.scale);
    case 'string':
      return type.json ? 'JSON' : 'STRING';
    case 'bytes':
      return 'BYTES';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp':
      // TIMESTAMP is an instant; DATETIME a zone-less wall-clock reading (MySQL DATETIME). Both keep microseconds.
      return type.utc ? 'TIMESTAMP' : 'DATETIME';
  }
}

// Backticks, with `\` escapes as in BigQuery string literals (names are validated, so this never fires today).
const quoteIdent = (name: string) => `\`${name.replace(/[\\`]/g, '\\$&')}\``;

/**
 * The BigQuery dialect. Namespaces are datasets; tables and views are named `dataset.table`, or
 * `project.dataset.table` when `project` is given — views need that when they are queried from another
 * project, since a name without a project resolves against the project of the querying job.
 *
 * Temp tables (`CREATE TEMP TABLE`) live in the multi-statement script or session that creates them, so an
 * adapter runs a batch's statements in one session. Placeholders are named, `@p1, @p2, …`, bound by
 * `@google-cloud/bigquery` from `params: {p1: …}`. Throws `FerryError` for a malformed project id.
 */
export function bigQueryDialectFor(project: string | undefined): WarehouseDialect {
  if (project !== undefined && !PROJECT_ID.test(project)) {
    throw new FerryError(`${JSON.stringify(project)} is not a Google Cloud project id`, {
      hint: 'Use the project id (6–30 lowercase letters, digits and hyphens), not its name or number',
    });
  }
  const prefix = project === undefined ? '' : `${quoteIdent(project)}.`;
  return Object.freeze({
    name: 'bigquery',
    capabilities: Object.freeze({
      supportsMergeDelete: true,
      transactionalDdl: false,
      // 1,500 modifications per table per day (FACTS §4): each target table keeps its own ledger.
      ledgerPerTable: true,
      // Source URIs one load job may name.
      maxFilesPerCopy: 10_000,
      decimals,
      // A JSON value holds 64-bit integers (signed or unsigned) and doubles; PARSE_JSON refuses other numbers.
      json: Object.freeze({ keepsText: false, exactDecimals: undefined }),
    }),
    quoteIdent,
    qualify: (namespace: string, name?: string) =>
      `${prefix}${quoteIdent(namespace)}${name === undefined ? '' : `.${quoteIdent(name)}`}`,
    typeName,
    opTypeName: 'STRING',
    jsonTypeName: 'JSON',
    jsonFromText: (expression: string) => `PARSE_JSON(${expression})`,
    jsonToText: (expression: string) => `TO_JSON_STRING(${expression})`,
    epochMicros: (expression: string) => `UNIX_MICROS(${expression})`,
    // Temp tables are never qualified: they belong to the script or session, not to a dataset.
    tempTableRef: quoteIdent,
    createTempTable: (name: string, definition: string) =>
      `CREATE OR REPLACE TEMP TABLE ${quoteIdent(name)} ${definition}`,
    placeholder: (index: number) => `@p${index}`,
    transaction: Object.freeze({
      begin: 'BEGIN TRANSACTION',
      commit: 'COMMIT TRANSACTION',
      rollback: 'ROLLBACK TRANSACTION',
    }),
  });
}
