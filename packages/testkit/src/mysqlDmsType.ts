import type { DmsType } from './DmsType.js';

const utf8 = { type: 'BYTE_ARRAY', converted_type: 'UTF8' } as const;
const micros = { type: 'INT64', converted_type: 'TIMESTAMP_MICROS' } as const;

/** Bytes a FIXED_LEN_BYTE_ARRAY needs to hold every signed value of `precision` digits. */
function decimalBytes(precision: number): number {
  const max = 10n ** BigInt(precision) - 1n;
  let n = 1;
  while (2n ** BigInt(8 * n - 1) <= max) n++;
  return n;
}

/**
 * MySQL source types as DMS writes them (FACTS.md §1, "MySQL source types as DMS writes them"): legacy
 * converted types only, decimals as FIXED_LEN_BYTE_ARRAY sized for their precision (DECIMAL(38,s) → 16
 * bytes, like the real file's money column), DATETIME and TIMESTAMP both as TIMESTAMP_MICROS.
 */
export const mysqlDmsType = {
  tinyint: { mysql: 'tinyint', element: { type: 'INT32', converted_type: 'INT_8' }, type: int(8) },
  /** `tinyint(1)`, MySQL's boolean: still an INT_8, and it can hold any of -128..127. */
  tinyintBoolean: { mysql: 'tinyint(1)', element: { type: 'INT32', converted_type: 'INT_8' }, type: int(8) },
  smallint: { mysql: 'smallint', element: { type: 'INT32', converted_type: 'INT_16' }, type: int(16) },
  int: { mysql: 'int', element: { type: 'INT32' }, type: int(32) },
  bigint: { mysql: 'bigint', element: { type: 'INT64' }, type: int(64) },
  bigintUnsigned: {
    mysql: 'bigint unsigned',
    element: { type: 'INT64', converted_type: 'UINT_64' },
    type: { kind: 'int', bits: 64, signed: false },
  },
  double: { mysql: 'double', element: { type: 'DOUBLE' }, type: { kind: 'float', bits: 64 } },
  /** `bit(1)`: BOOLEAN. */
  bit1: { mysql: 'bit(1)', element: { type: 'BOOLEAN' }, type: { kind: 'boolean' } },
  /** `bit(n)` with n > 1: bytes. */
  bits: { mysql: 'bit(n)', element: { type: 'BYTE_ARRAY' }, type: { kind: 'bytes' } },
  /** `datetime(6)`: a wall-clock reading, not converted to UTC. */
  datetime: { mysql: 'datetime(6)', element: micros, type: { kind: 'timestamp', precision: 6, utc: false } },
  /** `timestamp(6)`: converted to UTC. */
  timestamp: { mysql: 'timestamp(6)', element: micros, type: { kind: 'timestamp', precision: 6, utc: true } },
  date: { mysql: 'date', element: { type: 'INT32', converted_type: 'DATE' }, type: { kind: 'date' } },
  /** `time`: DMS writes it as text (MySQL TIME spans -838:59:59..838:59:59, more than a day). */
  time: { mysql: 'time', element: utf8, type: { kind: 'string' } },
  year: { mysql: 'year', element: { type: 'INT32', converted_type: 'INT_16' }, type: int(16) },
  varchar: { mysql: 'varchar', element: utf8, type: { kind: 'string' } },
  text: { mysql: 'text', element: utf8, type: { kind: 'string' } },
  enum: { mysql: 'enum', element: utf8, type: { kind: 'string' } },
  json: { mysql: 'json', element: utf8, type: { kind: 'string' } },
  blob: { mysql: 'blob', element: { type: 'BYTE_ARRAY' }, type: { kind: 'bytes' } },
  /** `decimal(p,s)`: FIXED_LEN_BYTE_ARRAY DECIMAL, values exact. */
  decimal(precision: number, scale: number): DmsType {
    if (!Number.isInteger(precision) || precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      throw new RangeError(`decimal(${precision},${scale}) is not a MySQL decimal DMS can write`);
    }
    return {
      mysql: `decimal(${precision},${scale})`,
      element: {
        type: 'FIXED_LEN_BYTE_ARRAY',
        type_length: decimalBytes(precision),
        converted_type: 'DECIMAL',
        precision,
        scale,
      },
      type: { kind: 'decimal', precision, scale },
    };
  },
  /** The `TimestampColumnName` column (`DMS_TIMESTAMP`): REQUIRED text `yyyy-MM-dd HH:mm:ss.SSSSSS`, read as UTC micros. */
  dmsTimestamp: {
    mysql: 'dms timestamp column',
    element: { ...utf8, repetition_type: 'REQUIRED' },
    type: { kind: 'timestamp', precision: 6, utc: true },
  },
  /** The `Op` column of CDC files: `I`, `U` or `D`. */
  op: { mysql: 'dms op column', element: utf8, type: { kind: 'string' } },
  /** A header column such as `$AR_H_CHANGE_SEQ`: a 35-digit string. */
  header: { mysql: 'dms header column', element: utf8, type: { kind: 'string' } },
} as const satisfies Record<string, DmsType | ((precision: number, scale: number) => DmsType)>;

function int(bits: 8 | 16 | 32 | 64) {
  return { kind: 'int', bits, signed: true } as const;
}
