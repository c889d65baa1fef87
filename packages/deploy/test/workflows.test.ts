import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve(import.meta.dirname, '../../..');

/** Every `pnpm <script>` a workflow runs, with `-s` and the like dropped (`pnpm -s ferry plan` → `ferry`). */
async function pnpmScripts(workflow: string): Promise<string[]> {
  const text = await readFile(join(repo, '.github/workflows', workflow), 'utf8');
  return [...text.matchAll(/\bpnpm((?:\s+-\S+)*)\s+([a-z][\w:-]*)/g)].map((m) => m[2]!);
}

// The workflows stay thin: they call pnpm scripts that also run locally. A renamed script must not leave a
// workflow calling nothing.
describe('GitHub workflows', () => {
  it.each(['ci.yml', 'deploy.yml'])('%s calls only pnpm scripts the repo defines', async (workflow) => {
    const { scripts } = JSON.parse(await readFile(join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const builtins = new Set(['install']);
    const called = await pnpmScripts(workflow);
    expect(called.length).toBeGreaterThan(0);
    for (const name of called) expect(builtins.has(name) || name in scripts, `${workflow}: pnpm ${name}`).toBe(true);
  });

  it('deploys dev, then prod behind its environment, by OIDC and never with stored keys', async () => {
    const text = await readFile(join(repo, '.github/workflows/deploy.yml'), 'utf8');
    expect(text).toMatch(/id-token: write/);
    expect(text).toMatch(/prod:\n\s+needs: dev\n\s+runs-on: \S+\n\s+environment: prod/);
    expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|aws-access-key-id/);
    expect(text).toMatch(/pnpm deploy:stage dev[\s\S]*pnpm deploy:stage prod/);
  });
});
