// JSON body parsing for the user service's opaque documents (preferences, workspace layouts).
// Why not Fastify's default parser: it refuses any body with a "__proto__" or
// "constructor.prototype" key (prototype-poisoning protection), but those are legal JSON keys in
// a user's document. JSON.parse itself never pollutes prototypes (it defines "__proto__" as an
// own data property); the danger is only in merging such objects into others, which this service
// never does: documents are validated, stringified and stored as they are.
import type { FastifyInstance } from 'fastify';

/** Replaces the JSON parser in this service's context with plain JSON.parse. */
export function acceptAnyJsonKeys(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(Object.assign(new Error("Body cannot be empty when content-type is set to 'application/json'"), { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' }), undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error("Body is not valid JSON but content-type is set to 'application/json'"), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }), undefined);
    }
  });
}
