import { z } from 'zod';
import { unwrapSchema } from './unwrapSchema.js';

/** The object schema under optional/default wrappers or among a union's options, if any: its keys are the allowed ones. */
export function objectAt(schema: z.ZodType | undefined): z.ZodObject | undefined {
  if (schema === undefined) return undefined;
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodObject) return inner;
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options as readonly z.ZodType[]) {
      const found = objectAt(option);
      if (found) return found;
    }
  }
  return undefined;
}
