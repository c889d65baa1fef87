import { Prng } from '@ferry/testkit';

/**
 * How an at-least-once world delivers files: every key 1–3 times, in shuffled order, split across several
 * runs. Each run lists its keys (duplicates included) in the order they "arrived".
 */
export function deliveryPlan(keys: readonly string[], seed: number): string[][] {
  const rng = new Prng(seed);
  const deliveries: string[] = [];
  for (const key of keys) {
    const times = 1 + rng.int(3);
    for (let i = 0; i < times; i++) deliveries.push(key);
  }
  for (let i = deliveries.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
  }
  const runs = 2 + rng.int(3);
  const plan: string[][] = Array.from({ length: runs }, () => []);
  for (const [i, key] of deliveries.entries()) {
    plan[Math.min(runs - 1, Math.floor((i * runs) / deliveries.length))]!.push(key);
  }
  return plan;
}
