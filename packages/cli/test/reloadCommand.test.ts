import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/buildProgram.js';

describe('ferry reload --help', () => {
  it('has an Examples: section of `$ pnpm ferry reload` lines', () => {
    const reload = buildProgram().commands.find((c) => c.name() === 'reload');
    let help = '';
    reload!.configureOutput({ writeOut: (s) => (help += s), writeErr: (s) => (help += s) });
    reload!.outputHelp();
    const examples = help
      .slice(help.indexOf('Examples:') + 'Examples:'.length)
      .trim()
      .split('\n');
    expect(help).toContain('Examples:');
    expect(examples.length).toBeGreaterThan(0);
    for (const line of examples) expect(line.trim()).toMatch(/^\$ pnpm ferry reload /);
  });
});
