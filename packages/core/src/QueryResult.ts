/**
 * Rows for a person to read. Values are `null`, booleans, JS numbers only where the engine's type is a
 * 32-bit integer or a float, and strings for everything else (decimals, 64-bit integers, timestamps, bytes
 * as `\x…` hex), so nothing is rounded on the way to the screen.
 */
export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}
