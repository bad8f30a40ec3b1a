// Names in the update feed: which channel and file a request may name, and where that file lives
// in object storage (`<prefix>/<channel>/<file>`). Pure: no I/O, no Fastify.
// Invariants: a file name is one path segment (no `/`, never starting with `.`), so a request can
// only reach objects directly inside a configured channel's folder; channel and file names are
// checked before any storage call.

/** Channel names: lower-case words joined by hyphens, at most 32 characters. */
export const CHANNEL_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** File names electron-builder produces: letters, digits, spaces and `._+()-`, not starting with a dot. */
const FILE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._+()-]{0,254}$/;

/** True when `name` may be used as a channel name. */
export function isChannelName(name: string): boolean {
  return name.length <= 32 && CHANNEL_PATTERN.test(name);
}

/** True when `name` may be served as a file of a channel. */
export function isFeedFileName(name: string): boolean {
  return FILE_PATTERN.test(name) && !name.includes('..');
}

/** The object key of `file` in `channel`; the caller has checked both names. */
export function feedObjectKey(prefix: string, channel: string, file: string): string {
  return `${prefix}/${channel}/${file}`;
}

/** What a feed file is: a manifest (`latest.yml`, `beta-mac.yml`: changes in place), a blockmap, or an artifact. */
export type FeedFileKind = 'manifest' | 'blockmap' | 'artifact';

/** The kind of a feed file, by its name. */
export function fileKind(file: string): FeedFileKind {
  if (/\.ya?ml$/i.test(file)) return 'manifest';
  if (file.endsWith('.blockmap')) return 'blockmap';
  return 'artifact';
}
