// The sampling thread: once handed a session, it ticks in a loop that sleeps in Atomics.wait, so no event
// loop, timer list or callback runs between two ticks (bench/cpu.ts measures what that saves).
// It stops when the main thread sets the shared word to STOP, or when a tick fails, and sends back the
// session's state so the main thread can finish the recording.
import { parentPort, workerData } from 'node:worker_threads';
import { fullCollection, HeapKeeper, oldGenerationBytes } from './heap-keeper.js';
import { restoreSession, sessionState, tickFunction } from './session.js';
import { RUNNING, type Handoff, type ThreadData, type ThreadNews, type ThreadOutcome } from './thread.js';
import { adoptEpochBase, epochMs } from '../clock.js';
import { nextSlot, withPeriod } from './ticker.js';

const port = parentPort!;
const { flag, epochBaseMs } = workerData as ThreadData;
// The main thread's timestamps and this thread's must be one clock: the file's times never step back.
adoptEpochBase(epochBaseMs);

function sample({ plan, state, position: start }: Handoff): ThreadOutcome {
  const session = restoreSession(plan, state);
  const outcome = { failure: null as string | null };
  const tick = tickFunction(
    session,
    (error) => {
      outcome.failure ??= error instanceof Error ? error.message : String(error);
    },
    (note) => port.postMessage({ type: 'period', note } satisfies ThreadNews),
  );
  const collect = fullCollection();
  const keeper = collect && new HeapKeeper(collect, oldGenerationBytes, epochMs());
  let position = { ...start };
  while (outcome.failure === null) {
    const wait = position.startMs + position.slot * position.intervalMs - epochMs();
    if (wait > 0) Atomics.wait(flag, 0, RUNNING, wait);
    if (Atomics.load(flag, 0) !== RUNNING) break;
    void tick(); // a procfs tick is synchronous
    keeper?.maybeCollect(epochMs());
    position = withPeriod(position, session.period.ms);
    position.slot = nextSlot(position.slot, epochMs(), position.startMs, position.intervalMs).slot;
  }
  return { type: 'stopped', state: sessionState(session), failure: outcome.failure };
}

port.once('message', (handoff: Handoff) => port.postMessage(sample(handoff)));
port.postMessage({ type: 'ready' });
