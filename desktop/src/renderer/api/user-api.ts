// Saved workspaces and preferences (server/user, docs/api.md): JSON documents the desktop owns.
import type { HttpClient } from './http-client.js';

/** A saved workspace as the server returns it. */
export interface StoredWorkspace {
  id: string;
  name: string;
  layout: unknown;
  createdAt: string;
  updatedAt: string;
}

/** Workspace and preference calls. */
export class UserApi {
  constructor(private readonly http: HttpClient) {}

  async listWorkspaces(): Promise<StoredWorkspace[]> {
    return (await this.http.get<{ workspaces: StoredWorkspace[] }>('/v1/workspaces')).workspaces;
  }

  createWorkspace(name: string, layout: unknown): Promise<StoredWorkspace> {
    return this.http.post('/v1/workspaces', { name, layout });
  }

  replaceWorkspace(id: string, name: string, layout: unknown): Promise<StoredWorkspace> {
    return this.http.put(`/v1/workspaces/${encodeURIComponent(id)}`, { name, layout });
  }

  deleteWorkspace(id: string): Promise<void> {
    return this.http.delete(`/v1/workspaces/${encodeURIComponent(id)}`);
  }

  /** The caller's preferences document (a JSON object; `{}` until first saved). */
  preferences(): Promise<Record<string, unknown>> {
    return this.http.get('/v1/preferences');
  }

  /** Replaces the preferences; `keepalive` lets the save finish while the page unloads. */
  savePreferences(preferences: Record<string, unknown>, keepalive = false): Promise<unknown> {
    return this.http.put('/v1/preferences', preferences, { keepalive });
  }
}
