import type { WarehouseCapabilities } from './WarehouseCapabilities.js';

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;
const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** Half of a UTF-16 surrogate pair without the other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why `text` cannot go into a JSON column of a warehouse whose JSON type keeps what `json` says, or `undefined`
 * when it can. Each case would otherwise be lost quietly or fail a whole batch without naming the row:
 * - not JSON (`JSON.parse` refuses it), blank text included, which Snowflake's PARSE_JSON turns into NULL;
 * - an object that repeats a key: BigQuery keeps the first value, Snowflake refuses the text, PostgreSQL jsonb
 *   and JavaScript keep the last, so the warehouses would disagree with each other and with the source;
 * - a string escaping half of a surrogate pair (`"\ud800"`), which is no Unicode text (DuckDB refuses it);
 * - a number the column would not keep exactly (`WarehouseCapabilities.json`).
 *
 * Cost: one native `JSON.parse`, then one pass over the text that slices only keys and escaped strings.
 */
export function jsonTextProblem(text: string, json: WarehouseCapabilities['json']): string | undefined {
  try {
    JSON.parse(text);
  } catch (error) {
    return `is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  // The text is JSON: outside strings it holds only structure, literals and numbers.
  const open: (Set<string> | undefined)[] = [];
  let expectKey = false;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = text.indexOf('"', i + 1);
      while (escaped(text, end)) end = text.indexOf('"', end + 1);
      const backslash = text.indexOf('\\', i + 1);
      const hasEscapes = backslash >= 0 && backslash < end;
      let value: string | undefined;
      const unicode = hasEscapes ? text.indexOf('\\u', backslash) : -1;
      if (unicode >= 0 && unicode < end) {
        value = JSON.parse(text.slice(i, end + 1)) as string;
        if (LONE_SURROGATE.test(value)) {
          return 'holds a string with half of a UTF-16 surrogate pair (a lone \\ud800–\\udfff escape), which is not Unicode text';
        }
      }
      if (expectKey) {
        const key = value ?? (hasEscapes ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end));
        const keys = open[open.length - 1]!;
        if (keys.has(key)) {
          return `repeats the key ${JSON.stringify(key)} in one object (warehouses disagree on which value wins)`;
        }
        keys.add(key);
        expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      while (end < length && isNumberChar(text.charCodeAt(end))) end++;
      if (!json.keepsText) {
        const token = text.slice(i, end);
        if (!keptExactly(token, json.exactDecimals)) {
          const shown = token.length > 48 ? `${token.slice(0, 45)}…` : token;
          return `holds the number ${shown}, which the warehouse's JSON type does not keep exactly (it keeps 64-bit integers${
            json.exactDecimals === undefined
              ? ''
              : `, decimals of up to ${json.exactDecimals.digits} digits (${json.exactDecimals.scale} after the point)`
          } and numbers a double holds exactly)`;
        }
      }
      i = end;
      continue;
    }
    if (c === 0x7b) {
      open.push(new Set());
      expectKey = true;
    } else if (c === 0x5b) {
      open.push(undefined);
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
      expectKey = false;
    } else if (c === 0x2c) {
      expectKey = open[open.length - 1] !== undefined;
    }
    i++;
  }
  return undefined;
}

/** Whether the `"` at `at` is escaped: an odd run of backslashes before it. */
function escaped(text: string, at: number): boolean {
  let count = 0;
  for (let j = at - 1; text.charCodeAt(j) === 0x5c; j--) count++;
  return count % 2 === 1;
}

function isNumberChar(c: number): boolean {
  // digits . e E + -
  return (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
}

/** Whether a JSON number keeps its value in a JSON type that is not text (see `WarehouseCapabilities.json`). */
function keptExactly(token: string, exactDecimals: WarehouseCapabilities['json']['exactDecimals']): boolean {
  const match = NUMBER.exec(token)!;
  const [, , whole = '', fraction = '', exponent] = match;
  if (exponent === undefined) {
    // At most 15 significant digits: a double holds it, and so does any 64-bit integer or NUMBER(38).
    if (token.length <= 15) return true;
    if (fraction === '') {
      const value = BigInt(token);
      if (value >= INT64_MIN && value <= UINT64_MAX) return true;
    }
    if (
      exactDecimals !== undefined &&
      whole.replace(/^0+/, '').length + fraction.length <= exactDecimals.digits &&
      fraction.length <= exactDecimals.scale
    ) {
      return true;
    }
  }
  const double = Number(token);
  return Number.isFinite(double) && decimalKey(token) === decimalKey(String(double));
}

/** A number's value as `<sign><digits>e<exponent>` without leading or trailing zeros, so equal values compare equal. */
function decimalKey(text: string): string {
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = NUMBER.exec(text)!;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  const trimmed = digits.replace(/0+$/, '');
  return `${sign}${trimmed}e${Number(exponent) - fraction.length + digits.length - trimmed.length}`;
}
