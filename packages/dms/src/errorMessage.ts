/** The message of anything thrown, for wrapping it in a ferry error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
