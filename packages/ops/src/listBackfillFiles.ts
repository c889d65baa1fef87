import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { type DmsFile, FerryError, tableRefName } from '@ferry/core';
import { parseDmsKey } from '@ferry/dms';
import type { Mappings, SourceMapping } from '@ferry/mappings';
import type { BackfillFile } from './BackfillFile.js';
import type { BackfillOptions } from './BackfillOptions.js';
import type { BackfillSkip } from './BackfillSkip.js';

type ListOptions = Pick<BackfillOptions, 'bucket' | 'sources' | 'table' | 'since' | 'until' | 'sink' | 'fullLoad'>;

/**
 * The mapped DMS files under the selected sources' prefixes (or `<prefix><schema>/<table>/` with `table`), in the
 * order `backfill` sends them: every full-load file first (by source, table, then `[SEGMENTn_]LOAD` counter, as
 * DMS wrote them), then every CDC file by the time in its name, whatever folder (date partition or not) it sits in.
 * ETag and size come from ListObjectsV2 (paginated), so the loaders pin the version that was listed.
 *
 * `since`/`until` keep CDC files with `since <= name time < until`. Full-load files carry no time in their name
 * and precede all CDC; they are kept unless `since` is given (a window that starts later asks for changes from
 * then on, and a full load rewrites a table's whole history), or `fullLoad` is `always` (a reload after a DMS
 * "reload table": the new full load plus the CDC files since it).
 *
 * Objects that are not DMS data files, or belong to a table the source does not map, are returned in `skipped`
 * with the reason. Throws `FerryError` for a source the mappings do not have, or a `table` a source does not map.
 */
export async function listBackfillFiles(
  deps: { readonly s3: S3Client; readonly mappings: Mappings },
  options: ListOptions,
): Promise<{ files: BackfillFile[]; skipped: BackfillSkip[]; outsideWindow: number }> {
  if (options.sources.length === 0) throw new FerryError('no source given', { hint: 'Name one with --source <id>' });
  const sources = [...new Set(options.sources)].map((id) => sourceOf(deps.mappings, id));
  if (options.table) {
    const name = tableRefName(options.table);
    for (const source of sources) {
      if (!deps.mappings.table(source.source, options.table)) {
        throw new FerryError(`source "${source.source}" does not map table ${name}`, {
          hint: `Add it to ${source.file} (docs/onboarding-a-table.md), or pick one of: ${[...source.tables.keys()].join(', ')}`,
        });
      }
    }
  }
  const since = options.since?.getTime();
  const until = options.until?.getTime();
  const dropFullLoad = since !== undefined && options.fullLoad !== 'always';

  const files: BackfillFile[] = [];
  const skipped: BackfillSkip[] = [];
  let outsideWindow = 0;
  for (const source of sources) {
    const base = source.prefix === '' || source.prefix.endsWith('/') ? source.prefix : `${source.prefix}/`;
    const prefix = options.table ? `${base}${options.table.schema}/${options.table.table}/` : base;
    for await (const object of listObjects(deps.s3, options.bucket, prefix)) {
      // With nested prefixes the longest one owns a key: its source's listing sends it, if that source is selected.
      const owner = deps.mappings.findSource(object.key);
      if (owner && owner.source !== source.source) {
        if (!options.sources.includes(owner.source)) {
          skipped.push({ key: object.key, reason: `belongs to source "${owner.source}" (a longer prefix)` });
        }
        continue;
      }
      let file: DmsFile;
      try {
        file = parseDmsKey(object.key, source);
      } catch (error) {
        skipped.push({ key: object.key, reason: (error as Error).message });
        continue;
      }
      const mapping = deps.mappings.table(source.source, file.table);
      if (!mapping) {
        skipped.push({
          key: object.key,
          reason: `table ${tableRefName(file.table)} is not mapped by source "${source.source}"`,
        });
        continue;
      }
      const drop =
        file.kind !== 'full-load'
          ? outside(file, since, until)
          : options.fullLoad === 'landed'
            ? outsideTime(
                object.lastModified === undefined ? Number.NaN : Date.parse(object.lastModified),
                since,
                until,
              )
            : dropFullLoad;
      if (drop) {
        outsideWindow++;
        continue;
      }
      const queues: ('warehouse' | 'stream')[] = [];
      if (options.sink !== 'speed-layer' && mapping.warehouse) queues.push('warehouse');
      if (options.sink !== 'warehouse' && mapping.speedLayer) queues.push('stream');
      files.push({
        file,
        table: mapping.id,
        size: object.size,
        eTag: object.eTag,
        lastModified: object.lastModified,
        queues,
      });
    }
  }
  files.sort(fileOrder);
  return { files, skipped, outsideWindow };
}

function sourceOf(mappings: Mappings, id: string): SourceMapping {
  const source = mappings.sources.find((s) => s.source === id);
  if (!source) {
    throw new FerryError(`no mapping file has source "${id}"`, {
      hint: `Sources in the mappings: ${mappings.sources.map((s) => s.source).join(', ') || '(none)'}`,
    });
  }
  return source;
}

function outside(file: DmsFile, since: number | undefined, until: number | undefined): boolean {
  return outsideTime(Date.parse(file.fileTime!), since, until);
}

function outsideTime(time: number, since: number | undefined, until: number | undefined): boolean {
  return Number.isNaN(time) || (since !== undefined && time < since) || (until !== undefined && time >= until);
}

/** Full load before CDC; full load by source, table, ordinal; CDC by ordinal (the name time) across tables. */
function fileOrder(a: BackfillFile, b: BackfillFile): number {
  const x = a.file;
  const y = b.file;
  if (x.kind !== y.kind) return x.kind === 'full-load' ? -1 : 1;
  if (x.kind === 'full-load') {
    const byTable = compare(a.table, b.table);
    if (byTable !== 0) return byTable;
  }
  return compare(x.ordinal, y.ordinal) || compare(x.key, y.key);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function* listObjects(s3: S3Client, bucket: string, prefix: string) {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined || o.Key.endsWith('/')) continue; // folder markers the console creates
      yield {
        key: o.Key,
        size: o.Size ?? 0,
        eTag: (o.ETag ?? '').replace(/"/g, ''),
        lastModified: o.LastModified?.toISOString(),
      };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
