import { z } from 'zod';

/** The schema inside optional/default wrappers: the one that decides the value's shape. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}
