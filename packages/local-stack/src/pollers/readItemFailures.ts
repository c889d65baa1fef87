/** How an event source mapping reads a handler's return value (ReportBatchItemFailures on). */
export type ItemFailures =
  | { readonly kind: 'success' }
  | { readonly kind: 'partial'; readonly ids: readonly string[] }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Reads `{ batchItemFailures: [{ itemIdentifier }] }` as Lambda does: nothing, an empty or null list mean the whole
 * batch succeeded; an identifier that is missing, empty, not a string or not in the batch fails the WHOLE batch.
 */
export function readItemFailures(result: unknown, batchIds: ReadonlySet<string>): ItemFailures {
  if (result === undefined || result === null || typeof result !== 'object') return { kind: 'success' };
  const list = (result as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return { kind: 'success' };
  if (!Array.isArray(list)) return { kind: 'invalid', reason: 'batchItemFailures is not a list' };
  if (list.length === 0) return { kind: 'success' };
  const ids: string[] = [];
  for (const item of list) {
    const id: unknown =
      typeof item === 'object' && item !== null ? (item as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') {
      return { kind: 'invalid', reason: `batch item failure without an itemIdentifier: ${JSON.stringify(item)}` };
    }
    if (!batchIds.has(id)) return { kind: 'invalid', reason: `itemIdentifier ${id} is not in the batch` };
    ids.push(id);
  }
  return { kind: 'partial', ids };
}
