// The named workspaces of the signed-in user and which one is open: loading them (server, or the
// local mirror when offline), switching (the open layout is saved first, so nothing is lost),
// save / save as / rename / delete, and the first-run default. The dock registers itself
// (`attachDock`) so the controller can read and replace the live layout; link group symbols
// travel with the layout. Invariants: exactly one workspace is open once loaded; a refusal by
// the server (name taken, limit) leaves the open layout untouched and is reported.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { notify } from '../../app/toasts.js';
import { messageOf } from '../auth/session-controller.js';
import { linkGroups } from './link-groups.js';
import { WORKSPACE_VERSION, type WorkspaceDocument } from './workspace-document.js';
import type { WorkspaceRecord, WorkspaceRepository } from './workspace-repository.js';

/** What the dock exposes to the controller. */
export interface DockHandle {
  /** The current layout (dockview toJSON). */
  serialise(): Record<string, unknown>;
  /** Replaces the layout; null builds the default layout. */
  restore(dock: Record<string, unknown> | null): void;
}

/** The controller's state. */
export interface WorkspacesState {
  status: 'loading' | 'ready' | 'error';
  records: WorkspaceRecord[];
  currentId: string | null;
  dirty: boolean;
  offline: boolean;
  busy: boolean;
  error: string | null;
}

/** The name of the first workspace of a new user. */
export const DEFAULT_WORKSPACE_NAME = 'Main';

/** Drives the workspaces. */
export class WorkspaceController {
  readonly store: StoreApi<WorkspacesState> = createStore<WorkspacesState>(() => ({
    status: 'loading',
    records: [],
    currentId: null,
    dirty: false,
    offline: false,
    busy: false,
    error: null,
  }));
  private dock: DockHandle | null = null;
  /** Suppresses the dirty flag while a layout is being restored. */
  private restoring = false;

  constructor(
    private readonly repository: WorkspaceRepository,
    private readonly rememberLast: (name: string) => void,
  ) {}

  /** The open workspace. */
  current(): WorkspaceRecord | null {
    const { records, currentId } = this.store.getState();
    return records.find((record) => record.localId === currentId) ?? null;
  }

  /** Loads the list and opens `preferred` (or the first; or creates the default). */
  async load(preferred: string | null): Promise<void> {
    try {
      const list = await this.repository.list();
      for (const broken of list.unreadable) notify('error', `Workspace "${broken.name}" could not be opened: ${broken.reason}`);
      if (list.offline) notify('info', 'The server is unreachable: workspaces come from this computer and are saved when it is back.');
      const open = list.records.find((record) => record.name === preferred) ?? list.records[0] ?? null;
      this.store.setState({ status: 'ready', records: list.records, currentId: open?.localId ?? null, offline: list.offline, dirty: false, error: null });
      if (open) this.show(open);
      else await this.createDefault();
    } catch (error) {
      this.store.setState({ status: 'error', error: messageOf(error) });
    }
  }

  /** Connects the live dock; shows the open workspace in it. */
  attachDock(dock: DockHandle | null): void {
    this.dock = dock;
    if (!dock) return;
    const open = this.current();
    if (open) this.show(open);
    else if (this.store.getState().status === 'ready') void this.createDefault();
  }

  /** Called by the dock and panels when the layout changed. */
  markDirty(): void {
    if (!this.restoring && !this.store.getState().dirty) this.store.setState({ dirty: true });
  }

  /** The open layout as a document. */
  snapshot(): WorkspaceDocument | null {
    if (!this.dock) return null;
    return { version: WORKSPACE_VERSION, dock: this.dock.serialise(), linkGroups: { ...linkGroups.getState().groups } };
  }

  /** Saves the open workspace (under a new name: save as). */
  async save(asName?: string): Promise<boolean> {
    const open = this.current();
    const document = this.snapshot();
    if (!document) return false;
    const name = asName ?? open?.name ?? DEFAULT_WORKSPACE_NAME;
    this.store.setState({ busy: true });
    try {
      const saved = await this.repository.save(name, document, asName ? undefined : (open ?? undefined));
      this.replaceRecord(saved, true);
      this.rememberLast(saved.name);
      notify(saved.pending === 'none' ? 'success' : 'info', saved.pending === 'none' ? `Workspace "${name}" saved` : `Workspace "${name}" saved on this computer; it goes to the server when it is reachable`);
      return true;
    } catch (error) {
      notify('error', `Workspace not saved: ${messageOf(error)}`);
      return false;
    } finally {
      this.store.setState({ busy: false });
    }
  }

  /** Opens another workspace, saving the open one first when it changed. */
  async open(localId: string): Promise<void> {
    if (localId === this.store.getState().currentId) return;
    if (this.store.getState().dirty && !(await this.save())) return;
    const target = this.store.getState().records.find((record) => record.localId === localId);
    if (!target) return;
    this.store.setState({ currentId: localId, dirty: false });
    this.rememberLast(target.name);
    this.show(target);
  }

  /** Opens the next (+1) or previous (-1) workspace. */
  async cycle(step: 1 | -1): Promise<void> {
    const { records, currentId } = this.store.getState();
    if (records.length < 2) return;
    const index = records.findIndex((record) => record.localId === currentId);
    const next = records[(index + step + records.length) % records.length]!;
    await this.open(next.localId);
  }

  /** Creates a workspace with the default layout and opens it. */
  async create(name: string): Promise<void> {
    if (this.store.getState().dirty && !(await this.save())) return;
    this.restoring = true;
    this.dock?.restore(null);
    linkGroups.setState({ groups: {} });
    this.restoring = false;
    this.store.setState({ currentId: null });
    await this.save(name);
  }

  /** Renames the open workspace. */
  async rename(name: string): Promise<void> {
    const open = this.current();
    const document = this.snapshot();
    if (!open || !document) return;
    try {
      this.replaceRecord(await this.repository.save(name, document, open), true);
      this.rememberLast(name);
    } catch (error) {
      notify('error', `Workspace not renamed: ${messageOf(error)}`);
    }
  }

  /** Deletes the open workspace and opens another (or a fresh default). */
  async remove(): Promise<void> {
    const open = this.current();
    if (!open) return;
    try {
      await this.repository.remove(open);
    } catch (error) {
      notify('error', `Workspace not deleted: ${messageOf(error)}`);
      return;
    }
    const records = this.store.getState().records.filter((record) => record.localId !== open.localId);
    const next = records[0] ?? null;
    this.store.setState({ records, currentId: next?.localId ?? null, dirty: false });
    if (next) this.show(next);
    else await this.createDefault();
  }

  private async createDefault(): Promise<void> {
    this.restoring = true;
    this.dock?.restore(null);
    this.restoring = false;
    if (this.dock) await this.save(DEFAULT_WORKSPACE_NAME);
  }

  private show(record: WorkspaceRecord): void {
    linkGroups.setState({ groups: { ...record.document.linkGroups } });
    if (!this.dock) return;
    this.restoring = true;
    try {
      this.dock.restore(record.document.dock);
    } catch (error) {
      notify('error', `Workspace "${record.name}" has a layout this version cannot show (${messageOf(error)}); the default layout is shown instead.`);
      this.dock.restore(null);
    } finally {
      this.restoring = false;
    }
  }

  private replaceRecord(saved: WorkspaceRecord, makeCurrent: boolean): void {
    const records = this.store.getState().records.filter((record) => record.localId !== saved.localId);
    this.store.setState({ records: [...records, saved], ...(makeCurrent ? { currentId: saved.localId, dirty: false } : {}) });
  }
}
