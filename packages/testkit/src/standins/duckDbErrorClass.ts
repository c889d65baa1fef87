/**
 * The class of a DuckDB error, from the prefix DuckDB puts on its messages ("Catalog Error: …"),
 * so the stand-ins can answer with the warehouse's code for the same class of failure.
 */
export function duckDbErrorClass(message: string): string {
  const match = /^([A-Za-z]+) Error:/.exec(message);
  return match?.[1] ?? 'Unknown';
}
