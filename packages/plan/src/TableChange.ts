/** One mapping entry a deploy adds, removes or changes (`diffMappings`). */
export interface TableChange {
  /** `<source>:<schema>.<table>`. */
  readonly id: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Where it lands after the deploy (before, for a removed entry): `analytics.orders (soft)`, or `none`. */
  readonly warehouse: string;
  readonly speedLayer: string;
  /** For `changed`: one line per setting that differs, `setting: before → after`. */
  readonly details: readonly string[];
}
