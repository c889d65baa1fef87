import type { SpeedLayerDialect } from './SpeedLayerDialect.js';

/** Whether `error` is a unique-key violation in this dialect. */
export function isDuplicateKey(error: unknown, dialect: Pick<SpeedLayerDialect, 'duplicateKeyCodes'>): boolean {
  const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
  return (
    ((typeof code === 'string' || typeof code === 'number') && dialect.duplicateKeyCodes.has(code)) ||
    (typeof errno === 'number' && dialect.duplicateKeyCodes.has(errno))
  );
}
