/** Where `backfill` sends files: the warehouse queue, the stream queue (speed layer), or both. */
export const BACKFILL_SINKS = ['warehouse', 'speed-layer', 'both'] as const;
export type BackfillSink = (typeof BACKFILL_SINKS)[number];
