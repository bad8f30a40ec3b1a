// The manual clock runs due timers in time order, including ones they set, and skips cancelled ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualTimeSource, SystemTimeSource } from './time-source.js';

test('advanceTo runs due timers in order and waits for them', async () => {
  const time = new ManualTimeSource(1000);
  const ran: string[] = [];
  time.setTimer(3000, async () => {
    ran.push(`b@${time.now()}`);
  });
  time.setTimer(2000, async () => {
    ran.push(`a@${time.now()}`);
    time.setTimer(2500, async () => {
      ran.push(`a2@${time.now()}`);
    });
  });
  const cancel = time.setTimer(2200, async () => {
    ran.push('cancelled');
  });
  cancel();
  await time.advanceTo(2999);
  assert.deepEqual(ran, ['a@2000', 'a2@2500']);
  assert.equal(time.now(), 2999);
  await time.advanceBy(1);
  assert.deepEqual(ran, ['a@2000', 'a2@2500', 'b@3000']);
  assert.equal(time.pendingTimers(), 0);
});

test('the system clock fires a timer set in the past on the next turn', async () => {
  const time = new SystemTimeSource();
  await new Promise<void>((resolve) => time.setTimer(time.now() - 1000, async () => resolve()));
});
