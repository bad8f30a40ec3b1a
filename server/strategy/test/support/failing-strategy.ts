// A strategy module that throws on its 100th bar: the optimiser must report the failure with the
// backtester's code instead of hanging or losing it inside a worker thread.
import { defineParams, defineStrategy } from '@kestrel/shared';

export default defineStrategy({
  name: 'failing',
  description: 'Throws on its 100th bar.',
  params: defineParams({ n: { type: 'integer', default: 1 } }),
  create: () => {
    let bars = 0;
    return {
      onBar() {
        if (++bars === 100) throw new Error('deliberate failure');
      },
    };
  },
});
