import { closeSync, constants, existsSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CHANNEL_VARIABLE, markWire } from './wire.js';

/** What became of a mark: written into the run's channel, or why not. */
export type MarkOutcome = 'sent' | 'no-run' | 'run-over' | 'busy';

/** How long a mark waits for a channel being made or a full pipe, in ms, trying every RETRY_MS. */
const PATIENCE_MS = 1000;
const RETRY_MS = 10;

const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Send a marker for the run this process belongs to, found through the environment its memprof gave the
 * command (so from any descendant). Synchronous: the mark is in the channel, at `timeMs`, when it returns.
 */
export function sendMark(label: string, env: NodeJS.ProcessEnv = process.env, timeMs = Date.now()): MarkOutcome {
  const path = env[CHANNEL_VARIABLE];
  if (!path) return 'no-run';
  const text = markWire(process.pid, timeMs, label);
  let outcome: MarkOutcome | 'wait' = 'busy';
  for (let waited = 0; waited <= PATIENCE_MS; waited += RETRY_MS) {
    outcome = tryWrite(path, text);
    if (outcome !== 'wait' && outcome !== 'busy') return outcome;
    pause(RETRY_MS);
  }
  return outcome === 'wait' ? 'run-over' : outcome;
}

/**
 * One try. No FIFO in a directory that is there: memprof is still making it (wait). No directory, or a
 * FIFO nobody reads (ENXIO, EPIPE): the run is over. A full pipe: try again.
 */
function tryWrite(path: string, text: string): MarkOutcome | 'wait' {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return missing && existsSync(dirname(path)) ? 'wait' : 'run-over';
  }
  try {
    writeSync(fd, text);
    return 'sent';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EAGAIN' ? 'busy' : 'run-over';
  } finally {
    closeSync(fd);
  }
}
