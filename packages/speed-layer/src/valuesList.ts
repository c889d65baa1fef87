import type { SpeedLayerDialect } from './SpeedLayerDialect.js';

/** `(p0, p1), (p2, p3)`: placeholder groups for `rows` rows of `width` values, numbered from `first`. */
export function valuesList(dialect: Pick<SpeedLayerDialect, 'param'>, rows: number, width: number, first = 0): string {
  const groups: string[] = new Array(rows);
  let i = first;
  for (let r = 0; r < rows; r++) {
    const ps: string[] = new Array(width);
    for (let c = 0; c < width; c++) ps[c] = dialect.param(i++);
    groups[r] = `(${ps.join(', ')})`;
  }
  return groups.join(', ');
}
