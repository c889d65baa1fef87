/** A piece of SQL text: code, a '…' string, a "…" identifier, a `…` identifier, or a comment. */
export interface SqlSegment {
  readonly kind: 'code' | 'string' | 'quoted' | 'backtick' | 'comment';
  readonly text: string;
}
