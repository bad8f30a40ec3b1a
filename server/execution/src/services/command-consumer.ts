// The execution service's consumer of `orders.commands`: the bus hands over each partition's
// backlog at once, the backlogs of partitions delivered at the same time are merged, and the merge
// is applied as one batch (command-handler.ts: one journal sync per shard, one transaction). Each
// partition's batch is acknowledged only once that commit is done; a failure fails every partition
// batch of the merge, and the bus delivers them again (handled commands are then no-ops).
// Invariant: a partition's commands are applied in delivery order (the bus hands a partition's
// next batch over only after the previous one is acknowledged).
// Known limit: a failing batch is not retried command by command (GroupBatcher's retryAlone): the
// whole merge is delivered again, after the shards that applied part of it realigned
// (engine-shard.ts); a payload that cannot be applied is dropped, never thrown (command-handler.ts).
import { GroupBatcher, type EventBus, type Subscription } from '@kestrel/server-common';
import { handleCommands, type HandlerContext } from './command-handler.js';

/** Most commands of one partition handed over at once. */
const MAX_BATCH = 256;
/** Most partition batches applied together. */
const MAX_PARTITION_BATCHES = 8;

/** Subscribes the command handler to `orders.commands` as consumer group `groupId`. */
export function subscribeCommands(context: HandlerContext, bus: EventBus, groupId: string): Promise<Subscription> {
  const batches = new GroupBatcher<unknown[], void>(
    async (parts) => {
      await handleCommands(context, parts.flat());
      return parts.map(() => undefined);
    },
    // Two in flight: a batch on other shards can run while one commits; batches on the same shards queue on them.
    { maxBatch: MAX_PARTITION_BATCHES, maxInFlight: 2 },
  );
  return bus.subscribeBatch('orders.commands', groupId, (events) => batches.submit(events.map((event) => event.payload)), MAX_BATCH);
}
