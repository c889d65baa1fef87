/** A row's identity in `_ferry_tombstones` and in per-chunk dedupe: the JSON array of its key values' canonical text. */
export function rowKey(keyTexts: readonly string[]): string {
  return JSON.stringify(keyTexts);
}
