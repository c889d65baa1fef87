import { formatDuration } from './formatDuration.js';
import type { Measure } from './Measure.js';

/**
 * A metric value as a person reads it: `formatMeasure('12.0', count)` is `12 messages`, `formatMeasure('5400000.0',
 * milliseconds)` is `1 h 30 min`. The value stays CloudWatch's text except for a duration, which has to be
 * computed (CloudWatch's values are doubles to begin with).
 */
export function formatMeasure(value: string | number, measure: Measure): string {
  const text = tidy(String(value));
  switch (measure.kind) {
    case 'count':
      return `${text} ${text === '1' ? measure.one : measure.many}`;
    case 'duration': {
      const n = Number(value);
      return Number.isFinite(n) ? formatDuration(n * measure.msPerUnit) : text;
    }
    case 'number':
      return measure.unit === undefined || measure.unit === 'None' ? text : `${text} ${measure.unit}`;
  }
}

/** `12.0` → `12`: CloudWatch writes whole counts with a trailing `.0`. */
function tidy(text: string): string {
  return /^-?\d+\.0+$/.test(text) ? text.slice(0, text.indexOf('.')) : text;
}
