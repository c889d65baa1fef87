import type { z } from 'zod';
import type { stageConfigSchema } from './stageConfigSchema.js';

/** A stage's configuration with every default applied (`parseStageConfig`). */
export type StageConfig = z.output<typeof stageConfigSchema>;
