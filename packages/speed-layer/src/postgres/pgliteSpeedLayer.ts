import type { PGlite } from '@electric-sql/pglite';
import { SpeedLayerSink } from '../SpeedLayerSink.js';
import { openPglite } from './openPglite.js';
import { pgliteClient } from './pgliteClient.js';
import { postgresDialect } from './postgresDialect.js';

/**
 * The speed layer on embedded PGlite, ferry's local default: `memory` for a throwaway database, a directory
 * (created if missing) to keep it, or a ready `PGlite` (left open for its owner).
 */
export async function pgliteSpeedLayer(target: string | PGlite): Promise<SpeedLayerSink> {
  const owns = typeof target === 'string';
  const db = typeof target === 'string' ? await openPglite(target) : target;
  return new SpeedLayerSink(pgliteClient(db, owns), postgresDialect('pglite'), { ownsClient: owns });
}
