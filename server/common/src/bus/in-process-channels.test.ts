// Runs the Channels contract against the in-process implementation.
import { channelsContract } from './channels-contract.js';
import { InProcessChannels } from './in-process-channels.js';

channelsContract('in-process', {
  createChannels: async (options) => new InProcessChannels(options),
  timeoutMs: 1000,
  settleMs: 20,
});
