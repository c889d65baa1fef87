import { Console } from 'node:console';
import { createWriteStream } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * A console for one local function: every line goes to its log file, and each JSON line (a Powertools log
 * record or EMF blob) is also handed to `observe` as it is written, for the live view.
 */
export function logConsole(
  path: string,
  observe: (record: Record<string, unknown>, at: number) => void,
): { console: Console; close(): Promise<void> } {
  const file = createWriteStream(path, { flags: 'a' });
  let partial = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      const at = Date.now();
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          observe(JSON.parse(line) as Record<string, unknown>, at);
        } catch {
          // Not JSON after all: it is in the file, which is enough.
        }
      }
      // Acknowledged at once, so the next line is observed the moment it is logged (latency figures
      // depend on it); the file stream buffers on its own.
      file.write(chunk);
      done();
    },
  });
  return {
    console: new Console({ stdout: stream, stderr: stream }),
    close: () => new Promise<void>((resolve) => file.end(resolve)),
  };
}
