import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMappings } from '@ferry/mappings';
import { describe, expect, it } from 'vitest';
import { compose, loadConfig } from '../src/index.js';

describe('merge-worker configuration', () => {
  it('opens the speed layer from the URL a secret holds, and refuses both or neither', async () => {
    const config = loadConfig({ FERRY_SPEED_LAYER_SECRET: 'ferry/test/speed-layer-url' });
    expect(config).toEqual({
      mappingsDir: 'mappings',
      speedLayerUrl: undefined,
      speedLayerUrlSecret: 'ferry/test/speed-layer-url',
    });
    const dir = await mkdtemp(join(tmpdir(), 'ferry-merge-config-'));
    const asked: string[] = [];
    try {
      const deps = await compose(config, {
        mappings: parseMappings([]),
        readSecret: async (id) => {
          asked.push(id);
          return `pglite:${dir}`;
        },
      });
      expect(asked).toEqual(['ferry/test/speed-layer-url']);
      expect(deps.speedLayer.dialect).toBe('pglite');
      await deps.speedLayer.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(() => loadConfig({})).toThrow(/set exactly one of FERRY_SPEED_LAYER and FERRY_SPEED_LAYER_SECRET/);
    expect(() => loadConfig({ FERRY_SPEED_LAYER: 'pglite:x', FERRY_SPEED_LAYER_SECRET: 's' })).toThrow(/exactly one/);
  });
});
