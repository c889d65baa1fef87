const INTEGER = /^-?\d+$/;

type SortKey = null | bigint | string;

function sortKey(value: string | null | undefined): SortKey {
  if (value === null || value === undefined) return null;
  return INTEGER.test(value) ? BigInt(value) : value;
}

function compareKeys(a: SortKey | undefined, b: SortKey | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  // Integers sort before other text, and among themselves by value.
  if (typeof a !== typeof b) return typeof a === 'bigint' ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rows of canonical text sorted by their key columns (integers by value, other text by code unit), so a
 * sink's `readRows` output and an oracle's rows compare with a plain deep equality. Returns a new array.
 *
 * @example expect(sortRows(await sink.readRows(t.warehouse, t.columns), t.warehouse.keyColumns)).toEqual(t.rows)
 */
export function sortRows<R extends Readonly<Record<string, string | null>>>(
  rows: readonly R[],
  keyColumns: readonly string[],
): R[] {
  // Keys are parsed once per row, not once per comparison.
  const decorated = rows.map((row) => ({ row, key: keyColumns.map((k) => sortKey(row[k])) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < a.key.length; i++) {
      const c = compareKeys(a.key[i], b.key[i]);
      if (c !== 0) return c;
    }
    return 0;
  });
  return decorated.map((d) => d.row);
}
