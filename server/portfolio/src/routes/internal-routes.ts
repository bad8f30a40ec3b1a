// /v1/internal/*: what other services call — the order service's buying-power check and
// reservation release, reference/market data pushed by the market-data service, and the funding
// and closing of accounts by the simulation service (paper accounts: funded, reset by archiving). Guarded by
// the service token or an admin credential (access.ts); the gateway only verifies a credential
// if one is sent (auth: 'optional'), because service calls carry the token instead. The bulk
// routes carry their own body limits (batch-limits.ts).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { AccountSchema, BuyingPowerCheckRequestSchema, BuyingPowerCheckResultSchema } from '@kestrel/shared';
import { requireServiceCaller } from '../access.js';
import { closeAccount, depositCash } from '../services/accounts.js';
import { checkBuyingPower, checkBuyingPowers, releaseReservation } from '../services/buying-power.js';
import { storeDailyCloses, storeInstruments, storeMarks } from '../services/market-inputs.js';
import { CHECKS_BATCH, DAILY_CLOSES_BATCH, INSTRUMENTS_BATCH, MARKS_BATCH, batchBodyLimit } from './batch-limits.js';
import {
  AccountQuery,
  ChecksBody,
  ChecksResponse,
  CountResponse,
  DailyClosesBody,
  DepositResponse,
  InstrumentsBody,
  InternalDepositBody,
  MarksBody,
  MarksResponse,
  ReleaseBody,
  ReleaseResponse,
} from './schemas.js';

const INTERNAL = { auth: 'optional', internal: true } as const;

/** Registers the internal routes. */
export async function internalRoutes(app: FastifyInstance, options: { db: pg.Pool; serviceToken: string | undefined }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const { db, serviceToken } = options;
  api.addHook('onRequest', async (request) => requireServiceCaller(request, serviceToken));

  api.post(
    '/v1/internal/buying-power-check',
    {
      config: INTERNAL,
      schema: {
        tags: ['portfolio-internal'],
        summary: 'Check (and by default reserve) buying power for an order; idempotent by orderId',
        body: BuyingPowerCheckRequestSchema,
        response: { 200: BuyingPowerCheckResultSchema },
      },
    },
    async (request) => checkBuyingPower(db, request.body),
  );

  api.post(
    '/v1/internal/buying-power-checks',
    {
      config: INTERNAL,
      bodyLimit: batchBodyLimit(CHECKS_BATCH),
      schema: {
        tags: ['portfolio-internal'],
        summary: 'A batch of buying-power checks in one transaction, decided in order (each sees the reservations of the earlier ones); per-check errors',
        body: ChecksBody,
        response: { 200: ChecksResponse },
      },
    },
    async (request) => ({
      outcomes: (await checkBuyingPowers(db, request.body.checks)).map((outcome) =>
        'error' in outcome ? { error: { code: outcome.error.code, status: outcome.error.status, message: outcome.error.message } } : outcome,
      ),
    }),
  );

  api.post(
    '/v1/internal/reservations/release',
    {
      config: INTERNAL,
      schema: { tags: ['portfolio-internal'], summary: 'Release what is left of an order\'s reservation', body: ReleaseBody, response: { 200: ReleaseResponse } },
    },
    async (request) => ({ orderId: request.body.orderId, releasedMinor: await releaseReservation(db, request.body.orderId) }),
  );

  api.put(
    '/v1/internal/instruments',
    {
      config: INTERNAL,
      bodyLimit: batchBodyLimit(INSTRUMENTS_BATCH),
      schema: { tags: ['portfolio-internal'], summary: 'Upsert instrument definitions', body: InstrumentsBody, response: { 200: CountResponse } },
    },
    async (request) => ({ stored: await storeInstruments(db, request.body.instruments) }),
  );

  api.put(
    '/v1/internal/marks',
    {
      config: INTERNAL,
      bodyLimit: batchBodyLimit(MARKS_BATCH),
      schema: { tags: ['portfolio-internal'], summary: 'Record last trade prices and re-value holders', body: MarksBody, response: { 200: MarksResponse } },
    },
    async (request) => storeMarks(db, request.body.marks),
  );

  api.put(
    '/v1/internal/daily-closes',
    {
      config: INTERNAL,
      bodyLimit: batchBodyLimit(DAILY_CLOSES_BATCH),
      schema: { tags: ['portfolio-internal'], summary: 'Upsert daily closes used by VaR', body: DailyClosesBody, response: { 200: CountResponse } },
    },
    async (request) => ({ stored: await storeDailyCloses(db, request.body.closes) }),
  );

  api.post(
    '/v1/internal/account-deposits',
    {
      config: INTERNAL,
      schema: {
        tags: ['portfolio-internal'],
        summary: 'Fund an account on behalf of a user (paper accounts); idempotent by reference',
        body: InternalDepositBody,
        response: { 200: DepositResponse, 201: DepositResponse },
      },
    },
    async (request, reply) => {
      const result = await depositCash(db, request.body);
      return reply.code(result.created ? 201 : 200).send({ deposit: result.deposit, account: result.account });
    },
  );

  api.post(
    '/v1/internal/account-closures',
    {
      config: INTERNAL,
      schema: { tags: ['portfolio-internal'], summary: 'Close an account (no new orders; history kept)', body: AccountQuery, response: { 200: AccountSchema } },
    },
    async (request) => closeAccount(db, request.body.accountId),
  );
}
