// The error every API call throws: the server's stable code and message (the common error body
// `{ error: { code, message, requestId, details } }`), the HTTP status, and the details list.
// Network failures get the code NETWORK_UNAVAILABLE so the UI can tell "server down" from a
// refused request.

/** One problem of a refused request, as REQUEST_INVALID lists them. */
export interface ApiErrorDetail {
  path?: string;
  message?: string;
  [key: string]: unknown;
}

/** A failed API call. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: readonly ApiErrorDetail[] = [],
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** A one-line text for the UI: "message (CODE)". */
  get display(): string {
    return `${this.message} (${this.code})`;
  }
}

/** Reads the common error body of a failed response. */
export async function apiErrorOf(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(
      error.code,
      typeof error.message === 'string' ? error.message : error.code,
      response.status,
      Array.isArray(error.details) ? (error.details as ApiErrorDetail[]) : [],
      typeof error.requestId === 'string' ? error.requestId : null,
    );
  }
  return new ApiError(`HTTP_${response.status}`, `The server answered ${response.status} ${response.statusText}`, response.status);
}

/** True when the error means the access token is no longer accepted (refresh, then retry). */
export function isExpiredCredential(error: ApiError): boolean {
  return error.status === 401 && ['GATEWAY_CREDENTIALS_INVALID', 'AUTH_TOKEN_INVALID', 'GATEWAY_UNAUTHENTICATED', 'AUTH_UNAUTHENTICATED'].includes(error.code);
}
