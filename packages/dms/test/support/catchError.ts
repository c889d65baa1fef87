/** What `run` throws (or rejects with); fails when it does not throw. */
export async function catchError(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, none was thrown');
}
