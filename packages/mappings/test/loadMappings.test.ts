import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMappingProblem, loadMappings, MappingError } from '../src/index.js';
import { exampleMapping } from './exampleMapping.js';

let root: string;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ferry-mappings-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh folder holding `files` (name → text). */
async function folder(files: Record<string, string>): Promise<string> {
  const dir = join(root, `case-${n++}`);
  await mkdir(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

async function problemsOf(dir: string): Promise<string[]> {
  const error = await loadMappings(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MappingError);
  return (error as MappingError).problems.map(formatMappingProblem);
}

describe('loadMappings', () => {
  it('reads every *.json in the folder except mappings.schema.json and other files', async () => {
    const b = {
      source: 'brand-b',
      prefix: 'dms/brand-b/',
      tables: { 'shop.orders': { primaryKey: ['id'], speedLayer: { table: 'orders_b' } } },
    };
    const dir = await folder({
      'brand-a.json': JSON.stringify(exampleMapping(), null, 2),
      // A byte-order mark, as some editors save it.
      'brand-b.json': `\uFEFF${JSON.stringify(b)}`,
      'mappings.schema.json': '{"not": "a mapping"}',
      'README.md': '# notes',
    });
    const mappings = await loadMappings(dir);
    expect(mappings.sources.map((s) => [s.source, s.file])).toEqual([
      ['brand-a', 'brand-a.json'],
      ['brand-b', 'brand-b.json'],
    ]);
    expect(mappings.findSource('dms/brand-b/shop/orders/LOAD00000001.parquet')?.source).toBe('brand-b');
  });

  it('names the file, line and column of invalid JSON and still checks the other files', async () => {
    const dir = await folder({
      'a.json': '{\n  "source": "a",\n  "prefix": "dms/a/"\n  "tables": {}\n}\n',
      'b.json': '{\n  "source": "b",\n  "prefix": "dms/b/",\n  "tables": {},\n}\n',
      'b2.json': '{ "source": "b2", "prefix": "dms/b2/", "tables": {"s.t": {"primaryKey": ["id",]}} }',
      'c.json': '{ "source": "c", // a comment\n "prefix": "dms/c/", "tables": {} }',
      'd.json': '',
      'e.json': JSON.stringify({ source: 'e', prefix: 'dms/e', tables: {} }),
    });
    expect(await problemsOf(dir)).toEqual([
      'a.json: invalid JSON at line 4, column 3: expected "," between entries — fix the syntax there',
      'b.json: invalid JSON at line 5, column 1: expected a double-quoted key (JSON allows no comma before "}") — fix the syntax there',
      'b2.json: invalid JSON at line 1, column 79: expected a value (JSON allows no comma before "]") — fix the syntax there',
      'c.json: invalid JSON at line 1, column 18: comments are not allowed in JSON — fix the syntax there',
      'd.json: the file is empty — a mapping file holds one JSON object (see mappings.schema.json)',
      'e.json: prefix: must end with "/" (a folder, e.g. "dms/brand-a/") or be "" (the bucket root), and must not start with "/"',
    ]);
  });

  it('refuses a key given twice in one object, which JSON.parse would silently drop', async () => {
    const text = `{
  "source": "a",
  "prefix": "dms/a/",
  "tables": {
    "shop.orders": { "primaryKey": ["id"] },
    "shop.orders": { "primaryKey": ["order_id"] }
  }
}`;
    expect(await problemsOf(await folder({ 'a.json': text }))).toEqual([
      'a.json: tables: key "shop.orders" appears twice (again at line 6); JSON keeps only the last one — merge the two entries or remove one',
    ]);
  });

  it('checks the files together (overlapping prefixes across files)', async () => {
    const dir = await folder({
      'a.json': JSON.stringify({ source: 'a', prefix: 'dms/', tables: {} }),
      'b.json': JSON.stringify({ source: 'b', prefix: 'dms/b/', tables: {} }),
    });
    expect(await problemsOf(dir)).toEqual([
      'b.json: prefix: prefix "dms/b/" overlaps prefix "dms/" of a.json (one starts with the other), so a file could belong to both sources — give each source its own folder, e.g. "dms/b/"',
    ]);
  });

  it('a folder that does not exist', async () => {
    const dir = join(root, 'missing');
    expect(await problemsOf(dir)).toEqual([
      `${dir}: folder not found — create it with one <source>.json per DMS source, or point to the folder that has them`,
    ]);
  });

  it('an empty folder is no sources (every file would be reported as unmapped)', async () => {
    const mappings = await loadMappings(await folder({}));
    expect(mappings.sources).toEqual([]);
  });
});
