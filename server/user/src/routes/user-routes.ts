// /v1/profile, /v1/preferences and /v1/workspaces: the caller's own data only.
// Invariant: workspace routes with an id declare `ownership` (checked by the ownership-matrix
// test); documents are capped at 256 KiB so one user cannot fill the database through them.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from '@sinclair/typebox';
import { KestrelError } from '@kestrel/server-common';
import type pg from 'pg';
import { UserErrors } from '../errors.js';
import { requireCaller } from '../principal.js';
import {
  countWorkspaces,
  deleteWorkspace,
  getPreferences,
  getProfile,
  getWorkspace,
  insertWorkspace,
  listWorkspaces,
  putPreferences,
  replaceWorkspace,
  updateProfile,
} from '../store/user-data.js';

const MAX_DOCUMENT_BYTES = 256 * 1024;
const MAX_WORKSPACES = 200;
const TIME_ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])].sort();

const Obj = <T extends Record<string, TSchema>>(properties: T) => Type.Object(properties, { additionalProperties: false });
const Document = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Unknown(), { maxProperties: 500 });
const Profile = Obj({
  userId: Type.String({ format: 'uuid' }),
  displayName: Type.String(),
  timezone: Type.String(),
  locale: Type.String(),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const Workspace = Obj({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  layout: Document,
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const WorkspaceBody = Obj({ name: Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\x00]*[^\\x00\\s][^\\x00]*$' }), layout: Document });
const IdParams = Obj({ id: Type.String({ format: 'uuid' }) });
const Empty = Type.Null({ description: 'No content.' });

function checkSize(document: unknown): void {
  if (Buffer.byteLength(JSON.stringify(document)) > MAX_DOCUMENT_BYTES) {
    throw new KestrelError(UserErrors.USER_DOCUMENT_TOO_LARGE, 'Documents may be at most 256 KiB');
  }
}

function notFound(): KestrelError {
  return new KestrelError(UserErrors.USER_WORKSPACE_NOT_FOUND, 'No such workspace');
}

/** Registers the user routes. */
export async function userRoutes(app: FastifyInstance, { db }: { db: pg.Pool }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();

  api.get('/v1/profile', { config: { permission: 'self:read' }, schema: { tags: ['profile'], summary: 'The caller\'s profile', response: { 200: Profile } } }, async (request) =>
    getProfile(db, requireCaller(request, 'self:read').userId),
  );

  api.patch(
    '/v1/profile',
    {
      config: { permission: 'self:write' },
      schema: {
        tags: ['profile'],
        summary: 'Update the caller\'s display name, time zone or locale',
        body: Obj({
          displayName: Type.Optional(Type.String({ maxLength: 100 })),
          timezone: Type.Optional(Type.String({ enum: TIME_ZONES, description: 'An IANA time zone name.' })),
          locale: Type.Optional(Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' })),
        }),
        response: { 200: Profile },
      },
    },
    async (request) => {
      const caller = requireCaller(request, 'self:write');
      const { locale } = request.body;
      let canonical: string | undefined;
      if (locale !== undefined) {
        try {
          canonical = Intl.getCanonicalLocales(locale)[0];
        } catch {
          throw new KestrelError(UserErrors.USER_PROFILE_INVALID, `Invalid locale ${locale}`);
        }
      }
      return updateProfile(db, caller.userId, { ...request.body, ...(canonical ? { locale: canonical } : {}) });
    },
  );

  api.get(
    '/v1/preferences',
    { config: { permission: 'self:read' }, schema: { tags: ['preferences'], summary: 'The caller\'s preferences document', response: { 200: Document } } },
    async (request) => getPreferences(db, requireCaller(request, 'self:read').userId),
  );

  api.put(
    '/v1/preferences',
    {
      config: { permission: 'self:write' },
      schema: { tags: ['preferences'], summary: 'Replace the caller\'s preferences document (any JSON object up to 256 KiB)', body: Document, response: { 200: Document } },
    },
    async (request) => {
      const caller = requireCaller(request, 'self:write');
      checkSize(request.body);
      await putPreferences(db, caller.userId, request.body);
      return request.body;
    },
  );

  api.get(
    '/v1/workspaces',
    { config: { permission: 'self:read' }, schema: { tags: ['workspaces'], summary: 'The caller\'s saved workspace layouts', response: { 200: Obj({ workspaces: Type.Array(Workspace) }) } } },
    async (request) => ({ workspaces: await listWorkspaces(db, requireCaller(request, 'self:read').userId) }),
  );

  api.post(
    '/v1/workspaces',
    { config: { permission: 'self:write' }, schema: { tags: ['workspaces'], summary: 'Save a named workspace layout', body: WorkspaceBody, response: { 201: Workspace } } },
    async (request, reply) => {
      const caller = requireCaller(request, 'self:write');
      checkSize(request.body.layout);
      if ((await countWorkspaces(db, caller.userId)) >= MAX_WORKSPACES) throw new KestrelError(UserErrors.USER_WORKSPACE_LIMIT, 'Too many workspaces');
      const workspace = await insertWorkspace(db, caller.userId, request.body.name, request.body.layout);
      if (!workspace) throw new KestrelError(UserErrors.USER_WORKSPACE_NAME_TAKEN, 'A workspace with this name exists');
      return reply.code(201).send(workspace);
    },
  );

  api.get(
    '/v1/workspaces/:id',
    {
      config: { permission: 'self:read', ownership: { resource: 'workspace', param: 'id' } },
      schema: { tags: ['workspaces'], summary: 'One of the caller\'s workspaces', params: IdParams, response: { 200: Workspace } },
    },
    async (request) => (await getWorkspace(db, requireCaller(request, 'self:read').userId, request.params.id)) ?? Promise.reject(notFound()),
  );

  api.put(
    '/v1/workspaces/:id',
    {
      config: { permission: 'self:write', ownership: { resource: 'workspace', param: 'id' } },
      schema: { tags: ['workspaces'], summary: 'Replace one of the caller\'s workspaces', params: IdParams, body: WorkspaceBody, response: { 200: Workspace } },
    },
    async (request) => {
      const caller = requireCaller(request, 'self:write');
      checkSize(request.body.layout);
      const result = await replaceWorkspace(db, caller.userId, request.params.id, request.body.name, request.body.layout);
      if (result === 'missing') throw notFound();
      if (result === 'name-taken') throw new KestrelError(UserErrors.USER_WORKSPACE_NAME_TAKEN, 'A workspace with this name exists');
      return result;
    },
  );

  api.delete(
    '/v1/workspaces/:id',
    {
      config: { permission: 'self:write', ownership: { resource: 'workspace', param: 'id' } },
      schema: { tags: ['workspaces'], summary: 'Delete one of the caller\'s workspaces', params: IdParams, response: { 204: Empty } },
    },
    async (request, reply) => {
      if (!(await deleteWorkspace(db, requireCaller(request, 'self:write').userId, request.params.id))) throw notFound();
      return reply.code(204).send(null);
    },
  );
}
