/**
 * The `n`th id of an unsigned BIGINT key, cycling through every range that breaks naive code: small ids,
 * ids above 2^53 (no longer exact as a JS number) and ids above 2^63−1 (no longer a signed 64-bit value).
 */
export function uint64Id(n: number): bigint {
  switch (n % 4) {
    case 2:
      return 2n ** 53n + BigInt(n);
    case 3:
      return 2n ** 63n + BigInt(n);
    default:
      return BigInt(n);
  }
}
