// Named workspaces, saved to the server (/v1/workspaces) and mirrored locally so the workstation
// opens and keeps working when the server is unreachable. Invariants: the local mirror always
// holds the last known state of every workspace; a change made while offline is kept as pending
// and sent when the server answers again (`sync`); a refusal by the server (name taken, limit
// reached) is an error for the user, never silently turned into a local-only copy. Known limit:
// two devices editing the same workspace offline — the last one to sync wins.
import { ApiError } from '../../api/api-error.js';
import type { StoredWorkspace, UserApi } from '../../api/user-api.js';
import { parseWorkspaceDocument, type WorkspaceDocument } from './workspace-document.js';

/** One workspace as the app knows it. */
export interface WorkspaceRecord {
  /** Stable local id (the server id once saved there). */
  localId: string;
  serverId: string | null;
  name: string;
  document: WorkspaceDocument;
  updatedAt: string;
  /** A change not yet on the server. */
  pending: 'none' | 'save' | 'delete';
}

/** The result of reading the workspaces. */
export interface WorkspaceList {
  records: WorkspaceRecord[];
  /** True when the server could not be reached and the mirror was used. */
  offline: boolean;
  /** Saved layouts that could not be read (name and reason). */
  unreadable: Array<{ name: string; reason: string }>;
}

/** The part of Web Storage the repository uses. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

const isOffline = (error: unknown) => error instanceof ApiError && error.code === 'NETWORK_UNAVAILABLE';

/** Reads and writes the workspaces of one user. */
export class WorkspaceRepository {
  constructor(
    private readonly api: UserApi,
    private readonly storage: KeyValueStorage,
    private readonly userId: string,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  private get key(): string {
    return `kestrel.workspaces.${this.userId}`;
  }

  /** The local mirror. */
  mirror(): WorkspaceRecord[] {
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? (parsed as WorkspaceRecord[]) : [];
    } catch {
      return [];
    }
  }

  private write(records: WorkspaceRecord[]): void {
    this.storage.setItem(this.key, JSON.stringify(records));
  }

  /** The workspaces: the server's, plus local changes it has not seen. */
  async list(): Promise<WorkspaceList> {
    const local = this.mirror();
    let stored: StoredWorkspace[];
    try {
      stored = await this.api.listWorkspaces();
    } catch (error) {
      if (isOffline(error)) return { records: local.filter((record) => record.pending !== 'delete'), offline: true, unreadable: [] };
      throw error;
    }
    const unreadable: WorkspaceList['unreadable'] = [];
    const records: WorkspaceRecord[] = [];
    for (const workspace of stored) {
      const pendingLocal = local.find((record) => record.serverId === workspace.id && record.pending !== 'none');
      if (pendingLocal) {
        records.push(pendingLocal);
        continue;
      }
      const parsed = parseWorkspaceDocument(workspace.layout);
      if (!parsed.ok) {
        unreadable.push({ name: workspace.name, reason: parsed.reason });
        continue;
      }
      records.push({ localId: workspace.id, serverId: workspace.id, name: workspace.name, document: parsed.document, updatedAt: workspace.updatedAt, pending: 'none' });
    }
    records.push(...local.filter((record) => record.serverId === null && record.pending === 'save'));
    this.write(records);
    return { records: records.filter((record) => record.pending !== 'delete'), offline: false, unreadable };
  }

  /** Saves (creates or replaces) a workspace; offline, it is kept as pending. */
  async save(name: string, document: WorkspaceDocument, existing?: WorkspaceRecord): Promise<WorkspaceRecord> {
    const base: WorkspaceRecord = existing
      ? { ...existing, name, document, updatedAt: new Date().toISOString() }
      : { localId: this.newId(), serverId: null, name, document, updatedAt: new Date().toISOString(), pending: 'none' };
    let saved: WorkspaceRecord;
    try {
      const stored = base.serverId ? await this.api.replaceWorkspace(base.serverId, name, document) : await this.api.createWorkspace(name, document);
      saved = { ...base, serverId: stored.id, updatedAt: stored.updatedAt, pending: 'none' };
    } catch (error) {
      if (!isOffline(error)) throw error;
      saved = { ...base, pending: 'save' };
    }
    this.write([...this.mirror().filter((record) => record.localId !== saved.localId), saved]);
    return saved;
  }

  /** Deletes a workspace; offline, the deletion is kept as pending (returns false). */
  async remove(record: WorkspaceRecord): Promise<boolean> {
    let pending: WorkspaceRecord | null = null;
    if (record.serverId) {
      try {
        await this.api.deleteWorkspace(record.serverId);
      } catch (error) {
        if (isOffline(error)) pending = { ...record, pending: 'delete' };
        else if (!(error instanceof ApiError && error.code === 'USER_WORKSPACE_NOT_FOUND')) throw error;
      }
    }
    const others = this.mirror().filter((each) => each.localId !== record.localId);
    this.write(pending ? [...others, pending] : others);
    return pending === null;
  }

  /** Sends pending changes; returns how many reached the server. */
  async sync(): Promise<number> {
    let sent = 0;
    for (const record of this.mirror().filter((each) => each.pending !== 'none')) {
      const reached =
        record.pending === 'delete'
          ? await this.remove({ ...record, pending: 'none' })
          : (await this.save(record.name, record.document, { ...record, pending: 'none' })).pending === 'none';
      if (!reached) break;
      sent += 1;
    }
    return sent;
  }
}
