import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ChangeOp, type DmsFile, type FileChanges, position, type TableChanges } from '@ferry/core';
import { type DmsParquetFile, fileByteSource, openDmsParquet, parseDmsKey } from '@ferry/dms';
import { parseMappings, projectChanges, projectColumns, type TableMapping } from '@ferry/mappings';
import { type LargeFullLoad, writeLargeFullLoad } from '@ferry/testkit';

const SOURCE = { source: 'bench', prefix: 'dms/bench/' } as const;
const KEY = 'dms/bench/shop/orders/LOAD00000001.parquet';
/** A CDC file name after the full load: the merge's second pass presents the same rows as its updates. */
const CDC_KEY = 'dms/bench/shop/orders/20261123-000000000.parquet';

/** The one generated DMS full-load file every measurement reads, with its mapping. */
export interface BenchFile {
  readonly large: LargeFullLoad;
  readonly file: DmsFile;
  /** A later CDC file, for presenting the same rows again as newer updates. */
  readonly updatesFile: DmsFile;
  readonly mapping: TableMapping;
  readonly rowGroups: number;
  /** Opens the file and hands it to `use`, closing it afterwards. */
  read<T>(use: (parquet: DmsParquetFile) => Promise<T>): Promise<T>;
}

/**
 * The bench's DMS full-load file under `dir`: generated once by testkit's `writeLargeFullLoad` and reused
 * while a file of the same rows and seed is there. A sidecar JSON, written only after the file is complete,
 * marks it reusable, so an interrupted generation is redone. (After changing the generator, delete `.ferry/bench/`.)
 */
export async function benchFile(dir: string, rows: number, seed: number, log: (line: string) => void) {
  const root = join(dir, `orders-${rows}-rows-seed-${seed}`);
  const path = join(root, KEY);
  const done = join(root, 'large-full-load.json');
  let large: LargeFullLoad;
  if (existsSync(done) && existsSync(path)) {
    // The path is recomputed: the repo may have moved since the file was generated.
    large = { ...(JSON.parse(readFileSync(done, 'utf8')) as LargeFullLoad), path };
    log(`reusing ${relative(process.cwd(), path)}`);
  } else {
    log(`generating ${rows.toLocaleString('en')} rows (seed ${seed}) into ${relative(process.cwd(), path)} …`);
    large = writeLargeFullLoad(path, rows, seed);
    writeFileSync(done, JSON.stringify(large, null, 2));
  }
  const mappings = parseMappings([
    { file: 'bench.json', json: { ...SOURCE, tables: { [large.table]: large.mapping } } },
  ]);
  const file = parseDmsKey(KEY, SOURCE);
  const mapping = mappings.table(SOURCE.source, file.table);
  if (!mapping) throw new Error(`bench mapping has no ${large.table}`);
  const options = {
    sequenceColumn: mapping.sequenceColumn,
    timestampColumns: mapping.timestampColumn ? [mapping.timestampColumn] : [],
    wallClockColumns: mapping.wallClock,
  };
  async function read<T>(use: (parquet: DmsParquetFile) => Promise<T>): Promise<T> {
    const source = await fileByteSource(large.path);
    try {
      return await use(await openDmsParquet(source, file, options));
    } finally {
      await source.close();
    }
  }
  const rowGroups = await read(async (p) => p.rowGroupCount);
  return { large, file, updatesFile: parseDmsKey(CDC_KEY, SOURCE), mapping, rowGroups, read } satisfies BenchFile;
}

/**
 * The first `rows` rows of the file, mapped for a sink (`projectChanges`) and held in memory, so the sink
 * measurements time the database work, not the parquet decoding (measured on its own).
 */
export async function loadChanges(bench: BenchFile, rows: number): Promise<TableChanges[]> {
  const chunks: TableChanges[] = [];
  await bench.read(async (parquet) => {
    for await (const batch of parquet.rowGroups()) {
      chunks.push(projectChanges(batch, bench.mapping, ''));
      if (countRows(chunks) >= rows) break;
    }
  });
  return takeRows(chunks, rows);
}

/** The first `rows` rows of `chunks` (the same value arrays, sliced only where a chunk is cut). */
export function takeRows(chunks: readonly TableChanges[], rows: number): TableChanges[] {
  const out: TableChanges[] = [];
  let taken = 0;
  for (const chunk of chunks) {
    if (taken >= rows) break;
    const n = Math.min(chunk.rowCount, rows - taken);
    out.push(
      n === chunk.rowCount
        ? chunk
        : {
            ...chunk,
            values: chunk.values.map((column) => column.slice(0, n)),
            ops: chunk.ops.slice(0, n),
            positions: chunk.positions.slice(0, n),
            rowCount: n,
          },
    );
    taken += n;
  }
  return out;
}

/**
 * The same rows again as `file`'s updates (`U`, with that CDC file's positions, so newer than the full
 * load's): what the warehouse's second pass merges through its version guard.
 */
export function asUpdates(chunks: readonly TableChanges[], file: DmsFile): TableChanges[] {
  let row = 0;
  return chunks.map((chunk) => ({
    ...chunk,
    ops: new Array<ChangeOp>(chunk.rowCount).fill(ChangeOp.Update),
    positions: Array.from({ length: chunk.rowCount }, () => position(file, undefined, row++)),
  }));
}

export function countRows(chunks: readonly TableChanges[]): number {
  return chunks.reduce((n, c) => n + c.rowCount, 0);
}

/** In-memory chunks as one file's `FileChanges` for `Sink.applyFiles`. */
export function fileChanges(bench: BenchFile, fileKey: string, chunks: readonly TableChanges[]): FileChanges {
  return {
    fileKey,
    columns: projectColumns(fileKey, bench.large.columns, bench.mapping),
    chunks: async function* () {
      yield* chunks;
    },
  };
}
