/** The warehouse schema a source's tables land in when the mapping names none: `brand-a` → `brand_a`. */
export function defaultWarehouseSchema(source: string): string {
  return source.replace(/[^A-Za-z0-9_]/g, '_');
}
