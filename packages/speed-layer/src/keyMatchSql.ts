import type { ColumnType } from '@ferry/core';
import type { SpeedLayerDialect } from './SpeedLayerDialect.js';

/**
 * `k IN (…)` / `(k1, k2) IN ((…), (…))` for `rows` keys whose values are bound from parameter `first` on.
 * `keys` are quoted column names with the types their columns hold.
 */
export function keyMatchSql(
  dialect: Pick<SpeedLayerDialect, 'param' | 'keyParam'>,
  keys: readonly { readonly quoted: string; readonly held: ColumnType }[],
  rows: number,
  first: number,
): string {
  const groups: string[] = new Array(rows);
  let i = first;
  for (let r = 0; r < rows; r++) {
    const ps = keys.map((k) => dialect.keyParam(k.held, dialect.param(i++)));
    groups[r] = keys.length === 1 ? ps[0]! : `(${ps.join(', ')})`;
  }
  const target = keys.length === 1 ? keys[0]!.quoted : `(${keys.map((k) => k.quoted).join(', ')})`;
  return `${target} IN (${groups.join(', ')})`;
}
