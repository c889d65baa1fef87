import { join } from 'node:path';
import type { Plugin } from 'esbuild';
import { bundleReport } from './bundleReport.js';
import { jsoncParserEsm } from './jsoncParserEsm.js';
import { leaveOutUnused } from './leaveOutUnused.js';

/** The `serverless` instance serverless-esbuild hands the plugins file (only the fields read here). */
interface Serverless {
  readonly serviceDir: string;
  readonly service: { readonly custom: { readonly ferry: { readonly esbuildLeftOut: readonly string[] } } };
}

/**
 * The esbuild plugins of every function bundle (`custom.esbuild.plugins` in serverless.yml). The bundle reports go
 * to `.serverless/bundles/` beside the template (with `--package <dir>`, osls replaces that folder's contents
 * after bundling, so they would not survive there).
 */
export function esbuildPlugins(serverless: Serverless): Plugin[] {
  return [
    leaveOutUnused(serverless.service.custom.ferry.esbuildLeftOut),
    jsoncParserEsm,
    bundleReport(join(serverless.serviceDir, '.serverless')),
  ];
}
