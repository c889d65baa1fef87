import type { Console } from 'node:console';

/**
 * Points a Powertools `Logger` or `Metrics` at another console. On Lambda both write to stdout, where
 * CloudWatch picks up logs and EMF metrics; locally (`ferry dev`, tests) the terminal belongs to the live view,
 * so their lines go to a log file or a buffer instead. Powertools offers no option for this, only its private
 * `console` field, which is why it is set here, in one place.
 */
export function routeOutput<T extends object>(tool: T, console: Console): T {
  Object.assign(tool, { console });
  return tool;
}
