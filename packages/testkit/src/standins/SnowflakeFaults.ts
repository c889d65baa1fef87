import type { SnowflakeFault } from './SnowflakeFault.js';

interface Armed {
  readonly fault: SnowflakeFault;
  remaining: number;
}

/** Faults armed on a Snowflake stand-in; each statement that matches one consumes one of its `times`. */
export class SnowflakeFaults {
  readonly #armed: Armed[] = [];
  /** How many statements an armed fault has failed (what a fault-injection run reports). */
  taken = 0;

  /**
   * Fails the next `times` statements whose text matches.
   *
   * @example
   * standIn.faults.failNext({ match: /^MERGE/i, code: '000625', abortsTransaction: true });
   */
  failNext(fault: SnowflakeFault): void {
    this.#armed.push({ fault, remaining: fault.times ?? 1 });
  }

  /** Disarms every fault. */
  clear(): void {
    this.#armed.length = 0;
  }

  /** The fault this statement triggers, if any (consuming it). */
  take(sqlText: string): SnowflakeFault | undefined {
    const hit = this.#armed.find((a) =>
      typeof a.fault.match === 'string' ? sqlText.includes(a.fault.match) : a.fault.match.test(sqlText),
    );
    if (hit === undefined) return undefined;
    hit.remaining -= 1;
    this.taken += 1;
    if (hit.remaining <= 0) this.#armed.splice(this.#armed.indexOf(hit), 1);
    return hit.fault;
  }
}
