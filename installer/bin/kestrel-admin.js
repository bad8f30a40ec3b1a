#!/usr/bin/env node
// The `kestrel-admin` executable: registers tsx's loader in this process, then runs the TypeScript
// entry (Kestrel has no compile step). One process, so Ctrl-C reaches main.ts directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
