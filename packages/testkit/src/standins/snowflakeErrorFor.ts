import { duckDbErrorClass } from './duckDbErrorClass.js';

/** Snowflake's code and SQLSTATE for the class of a DuckDB failure (README §Errors). */
export function snowflakeErrorFor(duckDbMessage: string): { code: string; sqlState: string; message: string } {
  const cls = duckDbErrorClass(duckDbMessage);
  switch (cls) {
    case 'Parser':
      return { code: '001003', sqlState: '42000', message: `SQL compilation error:\n${duckDbMessage}` };
    case 'Catalog':
      return { code: '002003', sqlState: '42S02', message: `SQL compilation error:\n${duckDbMessage}` };
    case 'Binder':
      return { code: '000904', sqlState: '42000', message: `SQL compilation error:\n${duckDbMessage}` };
    case 'Constraint':
      return { code: '100072', sqlState: '22000', message: duckDbMessage };
    case 'Conversion':
    case 'Invalid':
    case 'Out':
      return { code: '100038', sqlState: '22018', message: duckDbMessage };
    default:
      return { code: '000603', sqlState: 'XX000', message: duckDbMessage };
  }
}
