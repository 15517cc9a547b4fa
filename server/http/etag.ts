import { createHash } from 'node:crypto';

/** A strong ETag for a body: its SHA-1, so equal bodies (whoever asked) have equal tags. */
export function etagOf(body: Uint8Array): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

/**
 * If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x", any entry of a
 * list may match, and * matches any answer. Proxies and browsers send weak forms after compressing.
 * The common case (the tag sent back as it was received) is answered without splitting.
 */
export function matchesEtag(header: string | undefined | null, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}
