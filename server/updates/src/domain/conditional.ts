// Conditional request evaluation (RFC 9110 §13) for the update feed: If-None-Match (answer 304)
// and If-Range (honour a Range only while the object is unchanged). Pure: no I/O.
// Invariants: an object's ETag is its storage etag in quotes (a strong validator: it is the MD5 of
// the bytes, or S3's multipart digest, so equal tags mean equal bytes); a weak tag (`W/"..."`)
// never satisfies If-Range, which requires a strong match; a Last-Modified date in If-Range
// counts only when it equals the object's, to the second.

/** The quoted entity tag of an object with storage etag `etag`. */
export function entityTag(etag: string): string {
  return `"${etag}"`;
}

/** True when an If-None-Match value matches (weak comparison, `*` matches anything). */
export function noneMatchHits(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  const bare = (value: string) => value.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || bare(candidate) === tag);
}

/** True when a Range may be honoured under an If-Range value (absent = always). */
export function ifRangeAllows(header: string | undefined, tag: string, lastModified: Date): boolean {
  if (header === undefined) return true;
  const value = header.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return value === tag;
  const date = Date.parse(value);
  return Number.isFinite(date) && Math.floor(date / 1000) === Math.floor(lastModified.getTime() / 1000);
}
