import {
  type ChangeRecord,
  decodeChangeRecord,
  decodeStreamRecord,
  encodeChangeRecord,
  KINESIS_LIMITS,
  packChangeRecords,
  partitionKey,
  recordsFromChanges,
} from '@ferry/aws';
import { bytesByteSource, openDmsParquet, parseDmsKey } from '@ferry/dms';
import { parseMappings, projectChanges } from '@ferry/mappings';
import { encodeDmsParquet, generateWorkload } from '@ferry/testkit';
import { expectRows, type Measurement, measurement, seconds } from './measure.js';

/** CDC file sizes of the reference load: many small files, some medium, a few large. */
const SHAPES = [
  { rowsPerFile: 10, minutes: 30 },
  { rowsPerFile: 100, minutes: 10 },
  { rowsPerFile: 1000, minutes: 3 },
] as const;
const TABLES = 3;
const BUCKETS = 64;

/** What one codec costs on Kinesis for one workload shape. */
export interface CodecFigures {
  readonly records: number;
  readonly bytes: number;
  readonly billedUnits: number;
  readonly bytesPerRow: number;
  readonly unitsPerRow: number;
  /** Encode (with partition keys) and decode of every row, timed together. */
  readonly encodeDecode: Measurement;
}

export interface RecordsShapeFigures {
  readonly rowsPerFile: number;
  readonly files: number;
  readonly rows: number;
  readonly v1: CodecFigures;
  readonly v2: CodecFigures;
}

export interface RecordsFigures {
  readonly buckets: number;
  readonly shapes: readonly RecordsShapeFigures[];
}

/**
 * Kinesis record bytes and on-demand billing units (each record rounded up to 1 KiB, FACTS.md §3) per row
 * change: one version-1 record per row against `packChangeRecords` (version 2, 64 buckets), over testkit
 * CDC files of about 10, 100 and 1,000 rows (all three shop tables, every column type), plus encode+decode
 * rows/s of both. Each file is packed on its own, as the change forwarder handles one file at a time.
 */
export async function measureRecords(runs: number, log: (line: string) => void): Promise<RecordsFigures> {
  const shapes: RecordsShapeFigures[] = [];
  for (const shape of SHAPES) {
    const files = await cdcFiles(shape.rowsPerFile, shape.minutes);
    const rows = files.reduce((sum, f) => sum + f.length, 0);
    log(`records: ${files.length} CDC files of ~${shape.rowsPerFile} rows (${rows.toLocaleString('en')} rows) …`);

    const v1Entries = files.flatMap((f) =>
      f.map((r) => ({ data: encodeChangeRecord(r), partitionKey: partitionKey(r) })),
    );
    const v2Entries = files.flatMap((f) => packChangeRecords(f, { buckets: BUCKETS }));

    const v1Runs: number[] = [];
    const v2Runs: number[] = [];
    for (let run = 0; run < runs; run++) {
      v1Runs.push(
        await seconds(async () => {
          let decoded = 0;
          for (const f of files) {
            for (const r of f) {
              partitionKey(r);
              decodeChangeRecord(encodeChangeRecord(r));
              decoded++;
            }
          }
          expectRows('v1 encode+decode', decoded, rows);
        }),
      );
      v2Runs.push(
        await seconds(async () => {
          let decoded = 0;
          for (const f of files) {
            for (const entry of packChangeRecords(f, { buckets: BUCKETS }))
              decoded += decodeStreamRecord(entry.data).length;
          }
          expectRows('v2 encode+decode', decoded, rows);
        }),
      );
    }
    shapes.push({
      rowsPerFile: shape.rowsPerFile,
      files: files.length,
      rows,
      v1: codec(v1Entries, rows, measurement(`v1 encode+decode, ~${shape.rowsPerFile}-row files`, rows, v1Runs)),
      v2: codec(v2Entries, rows, measurement(`v2 encode+decode, ~${shape.rowsPerFile}-row files`, rows, v2Runs)),
    });
  }
  return { buckets: BUCKETS, shapes };
}

function codec(
  entries: readonly { data: Uint8Array; partitionKey: string }[],
  rows: number,
  encodeDecode: Measurement,
): CodecFigures {
  let bytes = 0;
  let billedUnits = 0;
  for (const e of entries) {
    const size = e.data.length + Buffer.byteLength(e.partitionKey);
    bytes += size;
    billedUnits += Math.ceil(size / KINESIS_LIMITS.billingUnitBytes);
  }
  return {
    records: entries.length,
    bytes,
    billedUnits,
    bytesPerRow: bytes / rows,
    unitsPerRow: billedUnits / rows,
    encodeDecode,
  };
}

/** The change records of every CDC file of a one-source workload whose files hold about `rowsPerFile` rows. */
async function cdcFiles(rowsPerFile: number, minutes: number): Promise<ChangeRecord[][]> {
  const workload = generateWorkload({
    seed: 1,
    sources: ['bench'],
    rows: rowsPerFile * TABLES * minutes,
    fullLoadShare: 0,
    minutes,
    addColumn: false,
  });
  const mappings = parseMappings(workload.mappings.map((json) => ({ file: `${json.source}.json`, json })));
  const out: ChangeRecord[][] = [];
  for (const f of workload.files) {
    if (/\/LOAD[0-9A-F]{8}\.parquet$/.test(f.key)) continue;
    const source = mappings.findSource(f.key)!;
    const file = parseDmsKey(f.key, source);
    const mapping = mappings.table(source.source, file.table)!;
    const parquet = await openDmsParquet(bytesByteSource(encodeDmsParquet(f.columns)), file, {
      sequenceColumn: mapping.sequenceColumn,
      timestampColumns: mapping.timestampColumn === undefined ? [] : [mapping.timestampColumn],
      wallClockColumns: mapping.wallClock,
    });
    const records: ChangeRecord[] = [];
    for await (const batch of parquet.rowGroups()) {
      const changes = projectChanges(batch, mapping, 'bench-mask-key');
      records.push(...recordsFromChanges(changes, { source: mapping.source, tableId: mapping.id, fileKey: f.key }));
    }
    out.push(records);
  }
  return out;
}

/** The figures as a table: v1 and v2 side by side per file size, with v1 / v2 ratios. */
export function formatRecords(figures: RecordsFigures): string {
  const head = [
    'CDC files',
    'rows',
    'v1 B/row',
    'v2 B/row',
    'v1 units/row',
    'v2 units/row',
    'units v1/v2',
    'v1 rows/s',
    'v2 rows/s',
    'speed v2/v1',
  ];
  const body = figures.shapes.map((s) => [
    `${s.files} × ~${s.rowsPerFile.toLocaleString('en')} rows`,
    s.rows.toLocaleString('en'),
    s.v1.bytesPerRow.toFixed(0),
    s.v2.bytesPerRow.toFixed(0),
    s.v1.unitsPerRow.toFixed(3),
    s.v2.unitsPerRow.toFixed(3),
    `${(s.v1.unitsPerRow / s.v2.unitsPerRow).toFixed(1)}×`,
    Math.round(s.v1.encodeDecode.rowsPerSecond).toLocaleString('en'),
    Math.round(s.v2.encodeDecode.rowsPerSecond).toLocaleString('en'),
    `${(s.v2.encodeDecode.rowsPerSecond / s.v1.encodeDecode.rowsPerSecond).toFixed(2)}×`,
  ]);
  const all = [head, ...body];
  const widths = head.map((_, c) => Math.max(...all.map((r) => [...r[c]!].length)));
  const lines = all.map((r) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '),
  );
  return (
    `Kinesis change records per row change: v1 (one record per row) vs v2 (packed, ${figures.buckets} buckets); ` +
    'units = on-demand 1 KiB billing units (FACTS.md §3); rows/s = encode (with partition keys) + decode, median of runs\n' +
    `${lines.join('\n')}\n`
  );
}
