// Maps anything thrown while serving a request to the one error body clients see:
// `{ error: { code, message, requestId, details? } }`. Invariants: every response carries a stable
// code; 5xx bodies never leak internal messages (the log has them, under the same request id);
// client errors raised by Fastify itself are translated to common codes.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER } from '../log/request-id.js';
import { CommonErrors } from './common-errors.js';
import { KestrelError, type ErrorCode } from './kestrel-error.js';

/** The JSON body of every error response. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

/** A status and body ready to send. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
}

const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: CommonErrors.REQUEST_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: CommonErrors.REQUEST_UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: CommonErrors.REQUEST_MALFORMED,
  FST_ERR_CTP_EMPTY_JSON_BODY: CommonErrors.REQUEST_MALFORMED,
  FST_ERR_CTP_INVALID_JSON_BODY: CommonErrors.REQUEST_MALFORMED,
  FST_ERR_BAD_URL: CommonErrors.REQUEST_MALFORMED,
};

function body(code: string, message: string, requestId: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message, requestId } : { code, message, requestId, details } };
}

/** Translates a thrown value into the response to send. */
export function toErrorResponse(error: unknown, requestId: string): ErrorResponse {
  if (error instanceof KestrelError) {
    return { status: error.status, body: body(error.code, error.message, requestId, error.details) };
  }
  const fastifyError = error as Partial<FastifyError>;
  if (Array.isArray(fastifyError.validation)) {
    const details = fastifyError.validation.map((issue) => ({
      in: fastifyError.validationContext ?? 'body',
      path: issue.instancePath === '' ? '/' : issue.instancePath,
      message: issue.message ?? 'is invalid',
    }));
    return { status: 400, body: body(CommonErrors.REQUEST_INVALID.code, fastifyError.message ?? 'Request is invalid', requestId, details) };
  }
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return { status: mapped.status, body: body(mapped.code, fastifyError.message ?? mapped.description, requestId) };
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, body: body(CommonErrors.REQUEST_REJECTED.code, fastifyError.message ?? 'Request rejected', requestId) };
  }
  return { status: 500, body: body(CommonErrors.INTERNAL_ERROR.code, 'Internal server error', requestId) };
}

function send(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { status, body: payload } = toErrorResponse(error, request.id);
  if (status >= 500) request.log.error({ err: error, code: payload.error.code }, 'request failed');
  else request.log.info({ code: payload.error.code, status }, 'request rejected');
  // Set here too: errors raised before routing (bad URL) skip the onRequest hook that sets it.
  return reply.code(status).header(REQUEST_ID_HEADER, request.id).type('application/json; charset=utf-8').send(payload);
}

/** Installs the error handler and the 404 handler on the root instance (children inherit them). */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => send(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    send(new KestrelError(CommonErrors.ROUTE_NOT_FOUND, `No route for ${request.method} ${path}`), request, reply);
  });
}

/** Fastify's `frameworkErrors` option: errors raised before routing (bad URL encoding) get the same body. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void send(error, request, reply);
}
