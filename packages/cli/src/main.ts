#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FerryError, type Sink } from '@ferry/core';
import { loadMappings, mappingsJsonSchema } from '@ferry/mappings';
import { openSpeedLayer } from '@ferry/speed-layer';
import { generateWorkload, writeWorkload } from '@ferry/testkit';
import { Command, Option } from 'commander';
import { formatQueryResult } from './formatQueryResult.js';
import { formatRunSummary } from './formatRunSummary.js';
import { localFileStore } from './localFileStore.js';
import { openWarehouse } from './openWarehouse.js';
import { resolveMaskKey } from './resolveMaskKey.js';
import { runOnce } from './runOnce.js';

const STATE_DIR = '.ferry';

interface SinkOptions {
  mappings: string;
  warehouse: string;
  speedLayer: string;
}

function addSinkOptions(cmd: Command): Command {
  return cmd
    .option('--mappings <dir>', 'folder of mapping JSON files', './mappings')
    .option('--warehouse <url>', 'duckdb:<file>, or "none"', `duckdb:${STATE_DIR}/warehouse.duckdb`)
    .option(
      '--speed-layer <url>',
      'pglite:<dir> | postgres://… | mysql://…, or "none"',
      `pglite:${STATE_DIR}/speed-layer`,
    );
}

async function openSinks(opts: SinkOptions): Promise<{ warehouse?: Sink; speedLayer?: Sink }> {
  const sinks: { warehouse?: Sink; speedLayer?: Sink } = {};
  if (opts.warehouse !== 'none') sinks.warehouse = await openWarehouse(opts.warehouse);
  if (opts.speedLayer !== 'none') sinks.speedLayer = await openSpeedLayer(opts.speedLayer);
  return sinks;
}

const program = new Command('ferry').description('Land AWS DMS change files in a warehouse and a speed layer.');

addSinkOptions(
  program
    .command('run')
    .description('process every DMS file under --input through both sinks once, then print what landed')
    .requiredOption('--input <dir>', 'folder laid out like the landing bucket (<prefix><schema>/<table>/<file>)')
    .option('--json', 'print the summary as JSON'),
).action(async (opts: SinkOptions & { input: string; json?: boolean }) => {
  const mappings = await loadMappings(opts.mappings);
  if (mappings.sources.length === 0) {
    throw new FerryError(`no mapping files in ${opts.mappings}`, {
      hint: 'Point --mappings at the folder of <source>.json files (see docs/mappings.md)',
    });
  }
  const sinks = await openSinks(opts);
  try {
    const summary = await runOnce({
      mappings,
      files: localFileStore(resolve(opts.input)),
      sinks,
      maskKey: await resolveMaskKey(process.env, join(STATE_DIR, 'mask.key')),
      log: opts.json ? undefined : (line) => console.error(line),
    });
    console.log(opts.json ? JSON.stringify(summary, null, 2) : formatRunSummary(summary));
    if (!opts.json && summary.tables.length > 0) {
      console.log('\nLook at what landed: pnpm ferry query warehouse "select * from <schema>.<table>_live limit 5"');
      console.log('                     pnpm ferry query speed-layer "select count(*) from <table>"');
    }
    process.exitCode = summary.ok ? 0 : 1;
  } finally {
    await Promise.all(Object.values(sinks).map((s) => s.close()));
  }
});

addSinkOptions(
  program
    .command('query')
    .description('run one SQL statement against a sink and print the rows (exact values)')
    .addArgument(
      new Command().createArgument('<sink>', 'warehouse | speed-layer').choices(['warehouse', 'speed-layer']),
    )
    .argument('<sql>', 'the statement')
    .option('--json', 'JSON lines, exact values as strings'),
).action(async (sinkName: string, sql: string, opts: SinkOptions & { json?: boolean }) => {
  const sink = sinkName === 'warehouse' ? await openWarehouse(opts.warehouse) : await openSpeedLayer(opts.speedLayer);
  try {
    console.log(formatQueryResult(await sink.query(sql), opts.json ?? false));
  } finally {
    await sink.close();
  }
});

const mappingsCmd = program.command('mappings').description('check mapping files and write their JSON Schema');
mappingsCmd
  .command('check')
  .argument('[dir]', 'folder of mapping JSON files', './mappings')
  .action(async (dir: string) => {
    const mappings = await loadMappings(dir);
    const tables = mappings.sources.reduce((n, s) => n + s.tables.size, 0);
    console.log(`OK: ${mappings.sources.length} source(s), ${tables} table(s) in ${dir}`);
  });
mappingsCmd
  .command('schema')
  .description('write mappings/mappings.schema.json (or, with --check, fail when it is stale)')
  .option('--out <file>', 'where to write it', 'mappings/mappings.schema.json')
  .option('--check', 'exit non-zero when the file differs from what the code generates')
  .action(async (opts: { out: string; check?: boolean }) => {
    const text = `${JSON.stringify(mappingsJsonSchema(), null, 2)}\n`;
    if (opts.check) {
      const current = await readFile(opts.out, 'utf8').catch(() => '');
      if (current !== text) {
        console.error(`${opts.out} is stale: run \`pnpm ferry mappings schema\` and commit it`);
        process.exitCode = 1;
        return;
      }
      console.log(`${opts.out} is up to date`);
      return;
    }
    await writeFile(opts.out, text);
    console.log(`wrote ${opts.out}`);
  });

program
  .command('generate')
  .description('write a seeded DMS workload (files + mappings) as DMS would write it')
  .requiredOption('--out <dir>', 'output folder: the files land under <dir>/dms/<source>/…')
  .option('--mappings-out <dir>', 'where the mapping files go (default <dir>/mappings)')
  .addOption(new Option('--seed <n>', 'seed').default(1).argParser((v) => Number.parseInt(v, 10)))
  .addOption(new Option('--rows <n>', 'approximate row changes').default(2000).argParser((v) => Number.parseInt(v, 10)))
  .action(async (opts: { out: string; mappingsOut?: string; seed: number; rows: number }) => {
    const workload = generateWorkload({ seed: opts.seed, rows: opts.rows });
    const written = await writeWorkload(workload, opts.out, {
      mappingsDir: opts.mappingsOut ?? join(opts.out, 'mappings'),
    });
    console.log(`wrote ${written.keys.length} file(s) under ${opts.out}, mappings in ${written.mappingsDir}`);
  });

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
});
