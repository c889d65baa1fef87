import type { ColumnType, ColumnValue } from '@ferry/core';
import type { Prng } from './Prng.js';

// Internal: random and extreme values per column type, in ferry's value representation (core ColumnType).

const MICROS_PER_DAY = 86_400_000_000n;

const KOREAN = ['김민준', '이서연', '박지훈', '최수아', '정예준', '강하은', '조도윤', '윤서윤', '장시우', '임지유'];
const EMOJI = ['🍜', '🚚', '💳', '🎁', '👩‍👩‍👧', '🇰🇷', '😀', '🧧', '🫶🏽'];
const AWKWARD = [
  "O'Brien",
  'back\\slash',
  'tab\tand\nnewline',
  '"double" quotes',
  "'); DROP TABLE orders; --",
  '',
  '  padded  ',
  'Ünïcödé ß',
  '中文字符',
  'e\u0301 combining',
];
const WORDS = ['선물', '배송', '주문', '결제', 'gift', 'express', '서울', '부산', 'fragile', '🎁'];

/** Days since 1970-01-01 of a UTC calendar date. */
export function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Microseconds since 1970-01-01T00:00:00 of a calendar reading. */
export function microsOf(year: number, month: number, day: number, h = 0, m = 0, s = 0, micros = 0): bigint {
  return BigInt(dayNumber(year, month, day)) * MICROS_PER_DAY + BigInt(((h * 60 + m) * 60 + s) * 1_000_000 + micros);
}

/** A random decimal text with exactly `scale` fraction digits; small magnitudes are likelier. */
export function randomDecimal(rng: Prng, precision: number, scale: number): string {
  const maxWhole = precision - scale;
  const wholeDigits = rng.chance(0.1) ? rng.range(0, maxWhole) : rng.range(0, Math.min(maxWhole, 6));
  const whole = wholeDigits === 0 ? '0' : rng.digits(wholeDigits).replace(/^0+(?=\d)/, '');
  const fraction = rng.digits(scale);
  return decimalText(rng.chance(0.25), whole, fraction);
}

function decimalText(negative: boolean, whole: string, fraction: string): string {
  const zero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  const body = fraction.length > 0 ? `${whole}.${fraction}` : whole;
  return negative && !zero ? `-${body}` : body;
}

/** The largest (or, negated, smallest) value a decimal(p,s) holds: all nines. */
export function extremeDecimal(precision: number, scale: number, negative: boolean): string {
  return decimalText(negative, '9'.repeat(precision - scale), '9'.repeat(scale));
}

export function koreanText(rng: Prng): string {
  const parts = [rng.pick(KOREAN)];
  if (rng.chance(0.5)) parts.push(rng.pick(EMOJI));
  if (rng.chance(0.2)) parts.push(rng.pick(AWKWARD));
  return parts.join(' ');
}

function jsonString(s: string): string {
  return JSON.stringify(s);
}

/**
 * Draws values through a lazily filled pool of `size` slots per sampler: a slot is generated the first
 * time it is drawn and reused after that. Small workloads see fresh values; a million rows cost a few
 * thousand generated values per column instead of a million. Deterministic like the generator it draws from.
 */
export class ValuePool {
  readonly #pools = new Map<ValueSampler, ColumnValue[]>();
  readonly #mask: number;

  /** `size` must be a power of two. */
  constructor(size = 4096) {
    this.#mask = size - 1;
  }

  draw(sampler: ValueSampler, rng: Prng): ColumnValue {
    let pool = this.#pools.get(sampler);
    if (pool === undefined) {
      pool = new Array<ColumnValue>(this.#mask + 1);
      this.#pools.set(sampler, pool);
    }
    const slot = rng.uint32() & this.#mask;
    let value = pool[slot];
    if (value === undefined) {
      value = sampler.random(rng);
      pool[slot] = value;
    }
    return value;
  }
}

/** JSON text shaped like MySQL prints it (`{"a": 1, "b": [2, 3]}`), nested, with Korean and emoji. */
export function randomJson(rng: Prng): string {
  const tags = Array.from({ length: rng.int(4) }, () => jsonString(rng.pick(WORDS))).join(', ');
  const lines = [jsonString(rng.pick(KOREAN)), rng.chance(0.3) ? 'null' : jsonString(rng.pick(AWKWARD))].join(', ');
  const big = `${rng.range(1, 9)}${rng.digits(19)}`;
  return (
    `{"tags": [${tags}], "address": {"city": ${jsonString(rng.pick(['서울', '부산', '제주', 'Seoul']))}, ` +
    `"lines": [${lines}], "geo": {"lat": ${rng.range(33, 38)}.${rng.digits(6)}, "lng": 127.${rng.digits(6)}}}, ` +
    `"score": ${rng.int(1000)}.5, "vip": ${rng.chance(0.5)}, "big": ${big}, "emoji": ${jsonString(rng.pick(EMOJI))}}`
  );
}

function deepJson(): string {
  let s = '"바닥 🕳️"';
  for (let i = 0; i < 30; i++) s = `{"level": ${i}, "next": [${s}, null, true, 1.5e300]}`;
  return s;
}

function randomBytes(rng: Prng): Uint8Array {
  const bytes = rng.bytes(rng.range(0, 24));
  // Make sure NUL bytes are common: bytes must survive as bytes, not C strings.
  if (bytes.length > 0) bytes[rng.int(bytes.length)] = 0;
  return bytes;
}

function allBytes(): Uint8Array {
  return Uint8Array.from({ length: 256 }, (_, i) => i);
}

/** How the generator makes a value for one column: a random one, and the extremes the type allows. */
export interface ValueSampler {
  random(rng: Prng): ColumnValue;
  max: ColumnValue;
  min: ColumnValue;
}

/** The sampler for a column of `type` holding what `flavour` says (MySQL type family and meaning). */
export function sampler(
  type: ColumnType,
  flavour: 'text' | 'korean' | 'email' | 'json' | 'time' | 'year' | 'flag' | 'bit8' | string[] = 'text',
): ValueSampler {
  if (Array.isArray(flavour)) {
    const choices = flavour;
    return { random: (rng) => rng.pick(choices), max: choices[choices.length - 1] ?? null, min: choices[0] ?? null };
  }
  switch (type.kind) {
    case 'boolean':
      return { random: (rng) => rng.chance(0.5), max: true, min: false };
    case 'int': {
      if (flavour === 'year') return { random: (rng) => rng.range(1901, 2155), max: 2155, min: 0 };
      if (flavour === 'flag') return { random: (rng) => rng.int(2), max: 127, min: -128 };
      if (type.bits === 64) {
        if (!type.signed) return { random: (rng) => rng.bigintBelow(2n ** 64n), max: 2n ** 64n - 1n, min: 0n };
        return {
          random: (rng) => rng.bigintBelow(2n ** 64n) - 2n ** 63n,
          max: 2n ** 63n - 1n,
          min: -(2n ** 63n),
        };
      }
      const limit = 2 ** (type.bits - 1);
      return {
        random: (rng) => rng.range(-Math.min(limit, 1000), Math.min(limit - 1, 100_000)),
        max: limit - 1,
        min: -limit,
      };
    }
    case 'float':
      return {
        random: (rng) => Math.round(rng.next() * 1e7) / 1000 - 100,
        max: 1.7976931348623157e308,
        min: -1.7976931348623157e308,
      };
    case 'decimal':
      return {
        random: (rng) => randomDecimal(rng, type.precision, type.scale),
        max: extremeDecimal(type.precision, type.scale, false),
        min: extremeDecimal(type.precision, type.scale, true),
      };
    case 'date': {
      const first = dayNumber(1940, 1, 1);
      const last = dayNumber(2090, 12, 31);
      return {
        random: (rng) => rng.range(first, last),
        max: dayNumber(9999, 12, 31),
        min: dayNumber(1000, 1, 1),
      };
    }
    case 'timestamp': {
      if (type.utc) {
        // MySQL TIMESTAMP spans 1970-01-01 00:00:01 .. 2038-01-19 03:14:07.999999 UTC.
        const lo = microsOf(1970, 1, 1, 0, 0, 1);
        const hi = microsOf(2038, 1, 19, 3, 14, 7, 999_999);
        return { random: (rng) => lo + rng.bigintBelow(hi - lo + 1n), max: hi, min: lo };
      }
      // MySQL DATETIME spans 1000-01-01 .. 9999-12-31; most readings are recent, some before 1970.
      const from = microsOf(1950, 1, 1);
      const span = microsOf(2040, 1, 1) - from;
      return {
        random: (rng) => from + rng.bigintBelow(span),
        max: microsOf(9999, 12, 31, 23, 59, 59, 999_999),
        min: microsOf(1000, 1, 1),
      };
    }
    case 'bytes':
      if (flavour === 'bit8') {
        // BIT(8): always one byte.
        return { random: (rng) => rng.bytes(1), max: Uint8Array.of(0xff), min: Uint8Array.of(0) };
      }
      return { random: randomBytes, max: allBytes(), min: new Uint8Array(0) };
    case 'string':
      switch (flavour) {
        case 'json':
          return { random: randomJson, max: deepJson(), min: '{}' };
        case 'time':
          return {
            random: (rng) => `${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}:00`,
            max: '838:59:59',
            min: '-838:59:59',
          };
        case 'email':
          return {
            random: (rng) => (rng.chance(0.2) ? `${rng.pick(KOREAN)}@예시.한국` : `user${rng.digits(6)}@example.com`),
            max: `${'x'.repeat(64)}@${'한'.repeat(60)}.example`,
            min: '',
          };
        case 'korean':
          return { random: koreanText, max: `${KOREAN.join('')}${EMOJI.join('')}`.repeat(40), min: '' };
        default:
          return {
            random: (rng) => `${rng.pick(WORDS)}-${rng.digits(5)}`,
            max: `${AWKWARD.join('|')}${EMOJI.join('')}`,
            min: '',
          };
      }
    default:
      throw new RangeError(`no sampler for ${type.kind}`);
  }
}
