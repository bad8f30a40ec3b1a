// The preload script (sandboxed, CommonJS bundle): exposes the typed bridge as `window.kestrel`
// through contextBridge. It runs in an isolated world, so the page cannot reach ipcRenderer.
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../common/bridge-api.js';
import { createBridge } from './create-bridge.js';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
