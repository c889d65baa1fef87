import { z } from 'zod';
import { unwrapSchema } from './unwrapSchema.js';

/**
 * The schema that validates the value at `path` under `root`, looking through optional/default wrappers
 * and into the object branch of a union; `undefined` when the path leaves the schema. Messages use it to
 * name the allowed keys and quote a field's description.
 */
export function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const key of path) {
    if (current === undefined) return undefined;
    current = childOf(unwrapSchema(current), key);
  }
  return current;
}

function childOf(schema: z.ZodType, key: PropertyKey): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) {
    return typeof key === 'string' && Object.hasOwn(schema.shape, key) ? (schema.shape[key] as z.ZodType) : undefined;
  }
  if (schema instanceof z.ZodRecord) return schema.valueType as z.ZodType;
  if (schema instanceof z.ZodArray) return schema.element as z.ZodType;
  if (schema instanceof z.ZodUnion) {
    for (const option of schema.options as readonly z.ZodType[]) {
      const found = childOf(unwrapSchema(option), key);
      if (found) return found;
    }
  }
  return undefined;
}
