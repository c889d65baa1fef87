/**
 * The object key an S3 notification names: notifications URL-encode keys with `+` for a space
 * (FACTS.md §2), so `a+b` is `a b` and `a%2Bb` is `a+b`. Throws `URIError` on a malformed escape.
 */
export function decodeS3Key(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}
