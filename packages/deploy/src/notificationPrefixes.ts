import type { Mappings } from '@ferry/mappings';

/**
 * The S3 key prefixes the landing bucket notifies about: one per mapping file (its `prefix`), sorted. The mappings
 * already refuse overlapping prefixes, which S3 would refuse too ("Configurations overlap").
 */
export function notificationPrefixes(mappings: Mappings): string[] {
  return [...new Set(mappings.sources.map((s) => s.prefix))].sort();
}
