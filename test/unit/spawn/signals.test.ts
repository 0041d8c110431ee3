import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catchSignals } from '../../../src/spawn/signals.js';
import type { Target } from '../../../src/spawn/target.js';

/** Send this process a real signal and wait until its listeners (memprof's first) have run. */
async function raise(signal: NodeJS.Signals): Promise<void> {
  const seen = new Promise((resolve) => process.once(signal, resolve));
  const awake = setTimeout(() => undefined, 10_000); // signal handlers alone do not keep the event loop running
  process.kill(process.pid, signal);
  await seen;
  clearTimeout(awake);
}

test('signals caught before the target exists reach it once it does, in order; later ones at once', async () => {
  const sent: NodeJS.Signals[] = [];
  const target: Target = {
    pid: 0,
    exited: new Promise(() => undefined),
    groupAlive: () => true,
    signalGroup: (signal) => {
      sent.push(signal);
      return true;
    },
  };
  const listeners = process.listenerCount('SIGHUP');
  const relay = catchSignals();
  await raise('SIGUSR2');
  await raise('SIGHUP');
  assert.deepEqual(sent, [], 'kept while there is no target');
  relay.forwardTo(target);
  assert.deepEqual(sent, ['SIGUSR2', 'SIGHUP']);
  await raise('SIGUSR2');
  assert.deepEqual(sent, ['SIGUSR2', 'SIGHUP', 'SIGUSR2']);
  relay.release();
  assert.equal(process.listenerCount('SIGHUP'), listeners, 'released: the default action is back');
});
