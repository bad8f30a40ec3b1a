// Registry of every service `kestrel serve --all` mounts and `kestrel migrate` migrates, in
// start order. Adding a service = one import and one entry here. The CLI is the only package
// allowed to import service packages (the lint rules enforce that services never import each
// other).
import type { ServiceModule } from '@kestrel/server-common';

/** Every service this build of Kestrel ships, in the order they are mounted and migrated. */
export const SERVICES: readonly ServiceModule[] = [];
