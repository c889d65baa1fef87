type Part = 'Y' | 'M' | 'D' | 'H';

// DMS `DatePartitionSequence` values; `DatePartitionDelimiter` is SLASH, DASH, UNDERSCORE or NONE.
const SEQUENCES: readonly (readonly Part[])[] = [
  ['Y', 'M', 'D'],
  ['Y', 'M', 'D', 'H'],
  ['Y', 'M'],
  ['M', 'Y', 'D'],
  ['D', 'M', 'Y'],
];
const DELIMITERS = ['/', '-', '_', ''] as const;
const WIDTH: Record<Part, number> = { Y: 4, M: 2, D: 2, H: 2 };

interface Pattern {
  readonly regex: RegExp;
  readonly parts: readonly Part[];
}

const PATTERNS: readonly Pattern[] = SEQUENCES.flatMap((seq) =>
  DELIMITERS.flatMap((delimiter) => {
    const body = seq.map((p) => `(\\d{${WIDTH[p]}})`).join(delimiter);
    const patterns: Pattern[] = [{ regex: new RegExp(`^${body}$`), parts: seq }];
    // A `YYYYMMDD` date folder followed by an hour folder (`2022-10-23/13`).
    if (seq.length === 3 && seq[0] === 'Y' && delimiter !== '/') {
      patterns.push({ regex: new RegExp(`^${body}/(\\d{2})$`), parts: [...seq, 'H'] });
    }
    return patterns;
  }),
);

/**
 * Whether `folders` (between `<table>/` and the file) are one of DMS's date-partition layouts holding a real
 * date: `2022/10/23`, `2022-10-23`, `20221023`, `2022/10/23/13`, `202210`, `10/2022/23`, `23_10_2022`, …
 */
export function isDatePartition(folders: readonly string[]): boolean {
  const path = folders.join('/');
  return PATTERNS.some(({ regex, parts }) => {
    const match = regex.exec(path);
    if (!match) return false;
    const value: Partial<Record<Part, number>> = {};
    parts.forEach((p, i) => {
      value[p] = Number(match[i + 1]);
    });
    return isRealDate(value);
  });
}

function isRealDate({ Y, M, D, H }: Partial<Record<Part, number>>): boolean {
  if (Y === undefined || M === undefined || Y < 1000 || M < 1 || M > 12) return false;
  if (H !== undefined && H > 23) return false;
  if (D === undefined) return true;
  const daysInMonth = new Date(Date.UTC(Y, M, 0)).getUTCDate();
  return D >= 1 && D <= daysInMonth;
}
