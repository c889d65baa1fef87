/** Where a command points in a stage: `@name/path` or the user stage `@~/path`. */
export interface StageLocation {
  /** The user stage, or the name's parts (unquoted parts upper-cased, as Snowflake resolves them). */
  readonly stage: { readonly kind: 'user' } | { readonly kind: 'named'; readonly parts: readonly string[] };
  /** The path after the name, without a leading `/`; '' for the stage's root. */
  readonly path: string;
  /** The reference as written, for messages. */
  readonly text: string;
}
