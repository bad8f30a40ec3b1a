// `kestrel-admin updates publish`: uploads a desktop release (electron-builder output: installers,
// `.blockmap` files and the `latest*.yml` manifests) to `<prefix>/<channel>/` of the object
// storage the updates service serves (GET /updates/<channel>/<file>, docs/self-hosting.md).
// Invariants: every file a manifest names must be in the folder with the size and sha512 the
// manifest states, or nothing is uploaded (electron-updater would refuse the download anyway);
// artefacts go up first and manifests last, so a client never sees a manifest whose files are not
// there yet.
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { AdminError } from './errors.js';
import type { ObjectStore } from './object-store.js';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.yml': 'text/yaml',
  '.yaml': 'text/yaml',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.msi': 'application/x-msi',
  '.dmg': 'application/x-apple-diskimage',
  '.zip': 'application/zip',
  '.appimage': 'application/vnd.appimage',
  '.deb': 'application/vnd.debian.binary-package',
  '.rpm': 'application/x-rpm',
  '.blockmap': 'application/octet-stream',
};
const PUBLISHED = /\.(ya?ml|exe|msi|dmg|zip|appimage|deb|rpm|blockmap)$/i;

interface ManifestFile {
  url: string;
  sha512: string;
  size?: number;
}

async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/** What publishing would upload, checked; ADMIN_PUBLISH_INVALID when the release is inconsistent. */
export async function planPublish(dir: string): Promise<{ manifests: string[]; artifacts: string[] }> {
  const files = readdirSync(dir).filter((name) => PUBLISHED.test(name) && statSync(path.join(dir, name)).isFile());
  const manifests = files.filter((name) => /^(latest|beta|alpha)(-[a-z0-9]+)?\.ya?ml$/i.test(name));
  if (manifests.length === 0) throw new AdminError('ADMIN_PUBLISH_INVALID', `${dir} has no latest*.yml`, 'point --dir at electron-builder\'s output folder (dist/)');
  for (const manifest of manifests) {
    const content = parse(readFileSync(path.join(dir, manifest), 'utf8')) as { version?: string; files?: ManifestFile[] };
    if (!content?.version || !Array.isArray(content.files) || content.files.length === 0) {
      throw new AdminError('ADMIN_PUBLISH_INVALID', `${manifest} has no version or files`);
    }
    for (const entry of content.files) {
      const file = path.join(dir, decodeURIComponent(entry.url));
      if (!files.includes(path.basename(file)) || path.dirname(file) !== path.resolve(dir)) {
        throw new AdminError('ADMIN_PUBLISH_INVALID', `${manifest} names ${entry.url}, which is not in ${dir}`);
      }
      if (entry.size !== undefined && statSync(file).size !== entry.size) throw new AdminError('ADMIN_PUBLISH_INVALID', `${entry.url} is not ${entry.size} bytes as ${manifest} says`);
      if ((await sha512Base64(file)) !== entry.sha512) throw new AdminError('ADMIN_PUBLISH_INVALID', `${entry.url} does not match the sha512 in ${manifest}`);
    }
  }
  return { manifests, artifacts: files.filter((name) => !manifests.includes(name)) };
}

/** Uploads a checked release to `<prefix>/<channel>/`; returns the keys written, manifests last. */
export async function publishUpdates(options: { dir: string; channel: string; store: ObjectStore; prefix?: string; log?: (line: string) => void }): Promise<string[]> {
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(options.channel)) throw new AdminError('ADMIN_USAGE', `"${options.channel}" is not a channel name (stable, beta, ...)`);
  const plan = await planPublish(options.dir);
  const base = `${options.prefix ?? 'updates'}/${options.channel}/`;
  const written: string[] = [];
  for (const name of [...plan.artifacts, ...plan.manifests]) {
    const type = CONTENT_TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream';
    await options.store.upload(base + name, path.join(options.dir, name), type);
    options.log?.(`uploaded ${base}${name}`);
    written.push(base + name);
  }
  return written;
}
