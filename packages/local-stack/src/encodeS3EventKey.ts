/**
 * An object key as S3 writes it into an event notification: form-URL-encoded (space → `+`, `+` → `%2B`, UTF-8
 * bytes as `%XX`) except `/`, like Java's URLEncoder that S3 uses. `decodeURIComponent(k.replace(/\+/g, ' '))`
 * gives the key back.
 *
 * @example encodeS3EventKey('dms/shop/주문 a+b.parquet') // 'dms/shop/%EC%A3%BC%EB%AC%B8+a%2Bb.parquet'
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
    .replace(/%2F/g, '/');
}
