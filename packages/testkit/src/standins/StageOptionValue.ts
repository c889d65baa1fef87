/** A value of a stage command's option: `'text'`, a word (upper-cased), `( a, b )` or `( K = v … )`. */
export type StageOptionValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'list'; readonly items: readonly StageOptionValue[] }
  | { readonly kind: 'options'; readonly options: ReadonlyMap<string, StageOptionValue> };
