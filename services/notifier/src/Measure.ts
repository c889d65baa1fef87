/**
 * How a metric's values read: a count of things (`12 messages`), a duration in milliseconds or seconds
 * (`1 h 5 min`), or a bare number with the alarm's unit.
 */
export type Measure =
  | { readonly kind: 'count'; readonly one: string; readonly many: string }
  | { readonly kind: 'duration'; readonly msPerUnit: number }
  | { readonly kind: 'number'; readonly unit: string | undefined };
