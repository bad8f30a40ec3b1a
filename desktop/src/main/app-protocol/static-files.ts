// Maps a request path of the app protocol to a file of the built renderer. Invariants: the
// result is always inside the renderer root (percent-decoded `..`, backslashes and NUL bytes are
// refused, not normalised away); `/` is the entry page; only known file types are served, each
// with its exact Content-Type (no sniffing).
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The file to serve for a URL path, or null when the path is not a servable file. */
export function resolveStaticFile(root: string, urlPath: string): { file: string; contentType: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  if (relative.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  const file = path.resolve(root, relative);
  const resolvedRoot = path.resolve(root);
  if (file !== resolvedRoot && !file.startsWith(resolvedRoot + path.sep)) return null;
  const contentType = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!contentType) return null;
  return { file, contentType };
}

/** True for the HTML entry pages (never cached: they name the hashed assets). */
export function isHtml(contentType: string): boolean {
  return contentType.startsWith('text/html');
}
