// /v1/scenarios: what-if valuation of an account under price shocks or a recorded stressed day.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { credentialsOf, requireCaller } from '../access.js';
import { runScenario, type ScenarioContext } from '../services/scenarios.js';
import { ScenarioBody, ScenarioResponse } from './schemas.js';

/** Registers the scenario route. */
export async function scenarioRoutes(app: FastifyInstance, options: { context: ScenarioContext }): Promise<void> {
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  api.post(
    '/v1/scenarios',
    {
      config: { permission: 'trading:read' },
      schema: {
        tags: ['simulation'],
        summary: 'Apply price shocks or a recorded stressed day to an account: P&L per position and in total, and limit breaches (nothing is changed)',
        body: ScenarioBody,
        response: { 200: ScenarioResponse },
      },
    },
    async (request) => {
      const caller = requireCaller(request, 'trading:read');
      return runScenario(options.context, caller, credentialsOf(request), request.body);
    },
  );
}
