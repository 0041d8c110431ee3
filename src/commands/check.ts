import type { MprofChildren } from '../analysis/mem-scope.js';
import { EXIT } from '../errors.js';
import type { Io } from './io.js';
import { resolveRecordingArg } from './resolve-files.js';
import { reportVerdict } from './verdict.js';
import type { VerdictRequest } from './verdict-due.js';

export interface CheckOptions extends VerdictRequest {
  /** A path, or an index in `memprof list` order. */
  file: string;
  /** How to read an mprof file's MEM (--mprof-children). */
  mprofChildren?: MprofChildren;
  env?: NodeJS.ProcessEnv;
  io?: Io;
}

/** `memprof check`: the budget verdict on an existing recording. 0 within budget, 3 over, 2 unreadable. */
export function checkCommand(options: CheckOptions): number {
  const file = resolveRecordingArg(options.file);
  const baselineFile = options.baselineFile === null ? null : resolveRecordingArg(options.baselineFile);
  const context = {
    env: options.env,
    io: options.io,
    verdictTo: 'stdout' as const,
    mprofChildren: options.mprofChildren,
  };
  return reportVerdict(file, { ...options, baselineFile }, context) ?? EXIT.ok;
}
