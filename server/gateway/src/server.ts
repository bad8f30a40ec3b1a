// Standalone entry of the gateway (suite shape, usually with KESTREL_GATEWAY_MODE=proxy).
import { runService } from '@kestrel/server-common';
import { gatewayService } from './app.js';

await runService(gatewayService);
