/** An absolute http or https URL without white space: what the protocol accepts as a link or page URL. */
export const HTTP_URL_PATTERN = /^https?:\/\/[^\s]+$/i;

export const isHttpUrl = (value: string | null | undefined): value is string => !!value && HTTP_URL_PATTERN.test(value);

/**
 * Whether a reader's browser may load an image a user claims (an avatar): an `https:` URL, or one
 * on an origin the page trusts already (its own, the Teahouse server's). Anything else (plain
 * `http:` to a private address, `data:`, a malformed URL) is never requested.
 */
export function isSafeImageUrl(value: string | null | undefined, trustedOrigins: readonly string[] = []): value is string {
  if (!value) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === 'https:' || ((url.protocol === 'http:') && trustedOrigins.includes(url.origin));
}
