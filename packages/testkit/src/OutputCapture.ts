import { Console } from 'node:console';
import { Writable } from 'node:stream';

/**
 * A `Console` whose output is kept in memory, for checking what a component logged (Powertools' JSON log
 * lines and EMF metrics, say) through the real logger rather than a mock.
 */
export class OutputCapture {
  readonly #chunks: string[] = [];
  readonly console: Console;

  constructor() {
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.#chunks.push(chunk.toString('utf8'));
        done();
      },
    });
    this.console = new Console({ stdout: stream, stderr: stream });
  }

  /** Every line written so far. */
  lines(): string[] {
    return this.#chunks
      .join('')
      .split('\n')
      .filter((l) => l.length > 0);
  }

  /** The lines that are JSON objects, parsed (log records and EMF blobs). */
  records(): Record<string, unknown>[] {
    return this.lines().flatMap((l) => {
      try {
        const v: unknown = JSON.parse(l);
        return v !== null && typeof v === 'object' && !Array.isArray(v) ? [v as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
  }
}
