import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { FerryError } from '@ferry/core';
import { afterAll, describe, expect, it } from 'vitest';
import { openSpeedLayer, pgliteSpeedLayer } from '../src/index.js';
import { fileOf, freshTable, I } from './changes.js';

const idv = [
  { name: 'id', type: { kind: 'int', bits: 64, signed: true } },
  { name: 'v', type: { kind: 'string' } },
] as const;

describe('openSpeedLayer', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('creates a pglite:<dir> that is missing and keeps its rows and ledger across reopening', async () => {
    const root = await mkdtemp(join(tmpdir(), 'ferry-speed-'));
    dirs.push(root);
    const dir = join(root, 'nested', 'speed-layer');
    const t = freshTable();
    const file = fileOf('f1', idv, [I(1, { id: 1n, v: 'kept' })]);
    const first = await openSpeedLayer(`pglite:${dir}`);
    expect(first.dialect).toBe('pglite');
    expect((await first.applyFiles(t, [file])).filesCommitted).toEqual(['f1']);
    await first.close();
    expect((await stat(dir)).isDirectory()).toBe(true);

    const again = await openSpeedLayer(`pglite:${dir}`);
    expect(await again.readRows(t, idv)).toEqual([{ id: '1', v: 'kept' }]);
    expect((await again.applyFiles(t, [file])).filesAlreadyApplied).toEqual(['f1']);
    await again.close();
  });

  it('leaves a ready PGlite open for its owner', async () => {
    const db = new PGlite();
    const sink = await pgliteSpeedLayer(db);
    await sink.applyFiles(freshTable(), [fileOf('f1', idv, [I(1, { id: 1n, v: 'a' })])]);
    await sink.close();
    expect((await db.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    await db.close();
  });

  it('refuses a URL it does not know, without echoing the rest of it', async () => {
    const failure = openSpeedLayer('redis://user:s3cret@host/0');
    await expect(failure).rejects.toBeInstanceOf(FerryError);
    await expect(failure).rejects.toThrow(/scheme "redis"/);
    await expect(failure).rejects.not.toThrow(/s3cret/);
    await expect(openSpeedLayer('pglite:')).rejects.toThrow(/names no directory/);
  });
});
