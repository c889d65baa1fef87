import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/buildProgram.js';

const ROOT = join(import.meta.dirname, '../../..');

/** Every `pnpm ferry …` command line in the README and docs/, with the file it is in. */
async function documentedLines(): Promise<{ file: string; line: string }[]> {
  const files = [
    'README.md',
    ...(await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ];
  const found: { file: string; line: string }[] = [];
  for (const file of files) {
    // Shell continuations joined, so a command split over lines is read whole.
    const text = (await readFile(join(ROOT, file), 'utf8')).replace(/\\\n\s*/g, ' ');
    for (const match of text.matchAll(/pnpm ferry ([^`\n]*)/g)) found.push({ file, line: match[1]! });
  }
  return found;
}

/** The words of a documented line: comments cut, optional brackets and alternatives opened up. */
function words(line: string): string[] {
  return line
    .replace(/\s#.*$/, '')
    .replace(/"[^"]*"/g, 'ARG')
    .replace(/[[\]]/g, ' ')
    .split(/[\s|]+/)
    .filter((w) => w !== '' && w !== '&&');
}

function leaves(command: Command): Command[] {
  return command.commands.length === 0 ? [command] : command.commands.flatMap(leaves);
}

function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

describe('the documented command lines', () => {
  it('name commands and options that exist', async () => {
    const program = buildProgram();
    const lines = await documentedLines();
    expect(lines.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const { file, line } of lines) {
      let command: Command = program;
      const rest = words(line);
      // Subcommands first (`dlq replay`), then options wherever they appear.
      while (rest.length > 0 && command.commands.some((c) => c.name() === rest[0])) {
        const name = rest.shift();
        command = command.commands.find((c) => c.name() === name)!;
      }
      if (command === program || command.commands.length > 0) {
        problems.push(`${file}: "pnpm ferry ${line}" does not name a command`);
        continue;
      }
      const flags = new Set(command.options.flatMap((o) => [o.long, o.short]).filter(Boolean));
      flags.add('--help');
      for (const word of rest) {
        const flag = word.split('=')[0]!;
        if (flag.startsWith('--') && !flags.has(flag)) {
          problems.push(`${file}: "pnpm ferry ${line}": ${pathOf(command)} has no option ${flag}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('ferry --help', () => {
  it('shows examples for every command', () => {
    const missing: string[] = [];
    for (const command of leaves(buildProgram())) {
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text), writeErr: (text) => (help += text) });
      command.outputHelp();
      if (!/Examples?:\n\s+\$ pnpm (ferry|start)/.test(help)) missing.push(pathOf(command));
    }
    expect(missing).toEqual([]);
  });
});
