/** A source table as DMS names its folder: `<schema>/<table>/`. */
export interface TableRef {
  readonly schema: string;
  readonly table: string;
}

/** `shop.orders`: the form mappings key their tables by. */
export function tableRefName(ref: TableRef): string {
  return `${ref.schema}.${ref.table}`;
}
