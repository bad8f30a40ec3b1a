// Administration calls for the admin panels (server/auth admin routes): accounts and roles.
import type { HttpClient } from './http-client.js';
import type { Me } from './auth-api.js';

/** A user as the admin list returns it. */
export type AdminUser = Me & { lockedUntil?: string | null };

/** The admin calls. */
export class AdminApi {
  constructor(private readonly http: HttpClient) {}

  async users(filter: { email?: string; role?: string; status?: string } = {}): Promise<AdminUser[]> {
    const answer = await this.http.get<{ users: AdminUser[] }>('/v1/admin/users', { query: { ...filter, limit: 500 } });
    return answer.users;
  }

  createUser(email: string, role: string): Promise<{ user: AdminUser; oneTimePassword?: string }> {
    return this.http.post('/v1/admin/users', { email, role });
  }

  updateUser(id: string, change: { role?: string; status?: string }): Promise<AdminUser> {
    return this.http.patch(`/v1/admin/users/${encodeURIComponent(id)}`, change);
  }

  unlock(id: string): Promise<unknown> {
    return this.http.post(`/v1/admin/users/${encodeURIComponent(id)}/unlock`);
  }
}
