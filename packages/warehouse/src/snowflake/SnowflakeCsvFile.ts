import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip, type Gzip } from 'node:zlib';
import type { SnowflakeBind } from './SnowflakeBind.js';

/**
 * A gzip CSV file of staging rows for `PUT` + `COPY INTO`, written as it goes (a batch never sits in memory
 * as one file). Each cell is the same text an array bind sends (`snowflakeBindValue`): decimals and 64-bit
 * integers as their digits, bytes as hex, timestamps as ISO text with six fraction digits (`+00:00` on
 * instants), booleans as `true`/`false`. Every value is enclosed in `"` (a `"` inside doubled), so commas,
 * quotes, newlines and any Unicode pass as they are and `""` is the empty string; NULL is the empty,
 * unenclosed field. `SnowflakeCsvFile.format` is the FILE_FORMAT that reads exactly that back.
 */
export class SnowflakeCsvFile {
  /**
   * The COPY INTO file format for these files. ESCAPE_UNENCLOSED_FIELD = NONE: a backslash is text (only NULLs
   * are unenclosed anyway); NULL_IF = (): no text value turns NULL (the default would turn `\N` into NULL);
   * EMPTY_FIELD_AS_NULL = TRUE with FIELD_OPTIONALLY_ENCLOSED_BY: `,,` is NULL and `,"",` the empty string.
   * Dates, times and timestamps are read with Snowflake's AUTO formats, which take the ISO text written here.
   */
  static readonly format = [
    'TYPE = CSV',
    'COMPRESSION = GZIP',
    "FIELD_DELIMITER = ','",
    'SKIP_HEADER = 0',
    `FIELD_OPTIONALLY_ENCLOSED_BY = '"'`,
    'ESCAPE = NONE',
    'ESCAPE_UNENCLOSED_FIELD = NONE',
    'EMPTY_FIELD_AS_NULL = TRUE',
    'NULL_IF = ()',
    'BINARY_FORMAT = HEX',
    'ERROR_ON_COLUMN_COUNT_MISMATCH = TRUE',
  ].join(' ');

  private readonly gzip: Gzip;
  private readonly out: WriteStream;
  private readonly done: Promise<void>;
  private closed = false;

  constructor(readonly path: string) {
    // Level 1: on the bench's 100,000 rows it cut the client's CSV time by about a third for a file 17% larger
    // than level 6 (docs/benchmarks.md §Snowflake staging); an upload that much longer costs far less.
    this.gzip = createGzip({ level: 1 });
    this.out = createWriteStream(path);
    this.gzip.pipe(this.out);
    this.done = new Promise((resolve, reject) => {
      this.out.on('finish', resolve);
      this.out.on('error', reject);
      this.gzip.on('error', reject);
    });
    // Failures surface through `close()`; keep an early one from being an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** Appends rows (cells in staging column order), waiting while the gzip stream is full. */
  async write(rows: readonly (readonly SnowflakeBind[])[]): Promise<void> {
    if (rows.length === 0) return;
    let text = '';
    for (const row of rows) {
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (c > 0) text += ',';
        if (cell === null || cell === undefined) continue;
        text += `"${typeof cell === 'boolean' ? String(cell) : cell.replaceAll('"', '""')}"`;
      }
      text += '\n';
    }
    if (!this.gzip.write(text)) await once(this.gzip, 'drain');
  }

  /** Finishes the file; resolves once it is on disk. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.gzip.end();
    }
    await this.done;
  }
}
