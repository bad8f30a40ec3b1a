// Admin view of the engine shards: journal positions, what recovery did, state hashes and the top
// of book of a symbol. Read-only; trading goes through the order service.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { executionError } from '../errors.js';
import type { EngineShard } from '../services/engine-shard.js';

const TAGS = ['execution-admin'];

const ShardStatus = Type.Object(
  {
    name: Type.String(),
    lastJournalSequence: Type.String({ description: 'Last engine journal sequence (decimal uint64).' }),
    durableJournalSequence: Type.String(),
    snapshotSequence: Type.String(),
    stateHash: Type.String({ description: 'Combined engine state hash (equal after a restart).' }),
    recovery: Type.Object({ action: Type.String(), engineSequence: Type.String(), databaseSequence: Type.String(), reapplied: Type.Integer() }),
  },
  { additionalProperties: false },
);

function requireAdmin(request: { principal?: { permissions: ReadonlySet<string> } | null }): void {
  const caller = request.principal ?? null;
  if (!caller) throw executionError('EXECUTION_UNAUTHENTICATED', 'This request needs an access token or API key');
  if (!caller.permissions.has('system:admin')) throw executionError('EXECUTION_FORBIDDEN', 'Missing permission system:admin');
}

function status(shard: EngineShard) {
  const sequences = shard.engine.sequences();
  const { recovery } = shard;
  return {
    name: shard.name,
    lastJournalSequence: sequences.last.toString(),
    durableJournalSequence: sequences.durable.toString(),
    snapshotSequence: sequences.snapshot.toString(),
    stateHash: shard.engine.stateHashes().combined.toString(),
    recovery: { action: recovery.action, engineSequence: recovery.engineSequence.toString(), databaseSequence: recovery.databaseSequence.toString(), reapplied: recovery.reapplied },
  };
}

/** Registers the execution admin routes. */
export async function executionRoutes(app: FastifyInstance, options: { shards: ReadonlyMap<string, EngineShard> }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.get(
    '/v1/admin/execution/shards',
    { config: { permission: 'system:admin' }, schema: { tags: TAGS, summary: 'Engine shards: journal positions, recovery, state hash', response: { 200: Type.Object({ shards: Type.Array(ShardStatus) }, { additionalProperties: false }) } } },
    async (request) => {
      requireAdmin(request as never);
      return { shards: [...options.shards.values()].map(status) };
    },
  );
  api.get(
    '/v1/admin/execution/shards/:name',
    { config: { permission: 'system:admin' }, schema: { tags: TAGS, summary: 'One engine shard', params: Type.Object({ name: Type.String({ maxLength: 32 }) }), response: { 200: ShardStatus } } },
    async (request) => {
      requireAdmin(request as never);
      const shard = options.shards.get(request.params.name);
      if (!shard) throw executionError('EXECUTION_SHARD_NOT_FOUND', `No engine shard named ${request.params.name}`);
      return status(shard);
    },
  );
}
