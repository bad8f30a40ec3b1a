// The one HTTP client of the renderer: JSON in and out, the bearer token of the session, and the
// refresh dance. Invariants: a request that fails because the access token expired is retried
// exactly once after one refresh (concurrent failures share that refresh, see session-store.ts);
// errors are always ApiError with the server's code; requests never leave the page's origin
// (paths are relative), which is what makes the same code work in the browser and in Electron.
import { ApiError, apiErrorOf, isExpiredCredential } from './api-error.js';

/** Where the client gets and renews the access token. */
export interface CredentialSource {
  accessToken(): string | null;
  /** Renews the tokens; resolves false when the session is over. */
  refresh(): Promise<boolean>;
}

/** Options of one request. */
export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** Form-encoded body instead of JSON (OAuth token endpoint). */
  form?: Record<string, string>;
  /** Send the access token (default true). */
  auth?: boolean;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Let the request finish even if the page unloads (saving on close or reload). */
  keepalive?: boolean;
}

/** Builds `path?query` with only the defined values. */
export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** The renderer's HTTP client. */
export class HttpClient {
  private credentials: CredentialSource | null = null;

  constructor(
    private readonly base = '',
    private readonly doFetch: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  /** Connects the session that supplies tokens. */
  useCredentials(source: CredentialSource): void {
    this.credentials = source;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return this.parse<T>(await this.exchange(method, path, options));
  }

  /** GETs a file (a report download) as a Blob, with the same bearer token and refresh. */
  async blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    return (await this.exchange('GET', path, { ...options, headers: { accept: '*/*', ...options.headers } })).blob();
  }

  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('GET', path, options);
  }
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PUT', path, { ...options, body });
  }
  patch<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }
  delete<T>(path: string, options?: RequestOptions): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  /** One request, retried once after a refresh when the token expired; resolves only on 2xx. */
  private async exchange(method: string, path: string, options: RequestOptions): Promise<Response> {
    const first = await this.send(method, path, options);
    if (first.ok) return first;
    const error = await apiErrorOf(first);
    if (options.auth !== false && this.credentials && isExpiredCredential(error) && (await this.credentials.refresh())) {
      const second = await this.send(method, path, options);
      if (second.ok) return second;
      throw await apiErrorOf(second);
    }
    throw error;
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let body: string | undefined;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(options.form).toString();
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const token = options.auth === false ? null : this.credentials?.accessToken();
    if (token) headers['authorization'] = `Bearer ${token}`;
    try {
      return await this.doFetch(`${this.base}${withQuery(path, options.query)}`, { method, headers, body, signal: options.signal, keepalive: options.keepalive });
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      throw new ApiError('NETWORK_UNAVAILABLE', 'The Kestrel server cannot be reached', 0);
    }
  }

  private async parse<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
