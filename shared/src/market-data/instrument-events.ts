// The `instruments.updated` topic: the market-data service (owner of instrument definitions)
// announces every create, change and delete, plus the whole set at each start ("snapshot"), keyed
// by symbol through the outbox. Consumers (order, portfolio) keep a copy and apply a definition
// only when its `revision` is newer than the one they hold.
// Invariants: `revision` grows with every change of any instrument (one PostgreSQL sequence), so
// a redelivered or re-announced definition never replaces a newer one, and a symbol deleted and
// created again gets a revision above everything announced before.
import { Type, type Static } from '@sinclair/typebox';
import { InstrumentSchema } from '../trading/instrument.js';
import { literalUnion } from '../trading/primitives.js';

/** Why an instrument event was sent: a change, or the start-up re-announcement of the current set. */
export const INSTRUMENT_CHANGES = ['created', 'updated', 'deleted', 'snapshot'] as const;

/** `instruments.updated` topic payload. */
export const InstrumentUpdatedPayloadSchema = Type.Object(
  {
    change: literalUnion(INSTRUMENT_CHANGES),
    /** Position of this definition in the market-data service's change order (a positive integer). */
    revision: Type.Integer({ minimum: 1 }),
    /** The definition after the change (for `deleted`: the last one). */
    instrument: InstrumentSchema,
  },
  { additionalProperties: false },
);
/** `instruments.updated` topic payload. */
export type InstrumentUpdatedPayload = Static<typeof InstrumentUpdatedPayloadSchema>;
