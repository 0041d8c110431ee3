import { EXIT, MemprofError } from '../errors.js';
import { sendMark } from '../probe/mark.js';
import { CHANNEL_VARIABLE } from '../probe/wire.js';

export interface MarkOptions {
  label: string;
  env?: NodeJS.ProcessEnv;
}

/** `memprof mark <label>`: a marker in the recording of the run this process belongs to. */
export function markCommand(options: MarkOptions): number {
  const timeMs = Date.now();
  const outcome = sendMark(options.label, options.env ?? process.env, timeMs);
  switch (outcome) {
    case 'sent':
      return EXIT.ok;
    case 'no-run':
      throw new MemprofError(`not inside a memprof run: ${CHANNEL_VARIABLE} is not set`, {
        exitCode: EXIT.usage,
        hint: 'run mark from a command that `memprof run` started, or from any of its descendants',
      });
    case 'run-over':
      throw new MemprofError('the memprof run this process belongs to is over: the marker was not recorded');
    case 'busy':
      throw new MemprofError('the memprof run did not take the marker within a second: it was not recorded');
  }
}
