import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';

/** An embedded PGlite database: `memory` for a throwaway one, or a directory (created if missing) to keep it. */
export async function openPglite(target: string): Promise<PGlite> {
  if (target !== 'memory') await mkdir(target, { recursive: true });
  const db = target === 'memory' ? new PGlite() : new PGlite(target);
  await db.waitReady;
  return db;
}
