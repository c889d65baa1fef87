import type { Mappings } from '@ferry/mappings';
import type { DlqMessage } from './DlqMessage.js';

/**
 * Counts the files DLQ messages name per mapping entry (`<source>:<schema>.<table>`), from a dry-run listing of the
 * DLQ (`replayDlqMessages` with `dryRun`): what `ferry status` shows as a table's failing files. Keys no mapping
 * covers and unreadable bodies are not counted.
 */
export function failedFilesByEntry(mappings: Mappings, messages: readonly DlqMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) {
    for (const file of message.files) {
      const source = file.table === undefined ? undefined : mappings.findSource(file.key);
      if (!source || file.table === undefined) continue;
      const [schema = '', table = ''] = file.table.split('.');
      const entry = mappings.table(source.source, { schema, table });
      if (entry) counts.set(entry.id, (counts.get(entry.id) ?? 0) + 1);
    }
  }
  return counts;
}
