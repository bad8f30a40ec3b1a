#!/usr/bin/env node
// The `kestrel` executable: registers tsx's loader in this process, then runs the TypeScript
// entry (Kestrel has no compile step; see BRIEF.md). One process, so signals reach main.ts directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
