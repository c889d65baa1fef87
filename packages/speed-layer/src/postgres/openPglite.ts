import { mkdir } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';

/** An embedded PGlite database: `memory` for a throwaway one, or a directory (created if missing) to keep it. */
export async function openPglite(target: string): Promise<PGlite> {
  if (target !== 'memory') await mkdir(target, { recursive: true });
  // Loaded only when asked for: PGlite is the local engine, and a deployed function (which bundles without
  // it) must not fail at load because a module it never uses is missing.
  const { PGlite } = await import('@electric-sql/pglite');
  const db = target === 'memory' ? new PGlite() : new PGlite(target);
  await db.waitReady;
  return db;
}
