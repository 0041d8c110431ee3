import { EXIT } from '../errors.js';
import type { Io } from './io.js';
import { resolveRecordingArg } from './resolve-files.js';
import { reportVerdict, type VerdictRequest } from './verdict.js';

export interface CheckOptions extends VerdictRequest {
  /** A path, or an index in `memprof list` order. */
  file: string;
  env?: NodeJS.ProcessEnv;
  io?: Io;
}

/** `memprof check`: the budget verdict on an existing recording. 0 within budget, 3 over, 2 unreadable. */
export function checkCommand(options: CheckOptions): number {
  const file = resolveRecordingArg(options.file);
  const baselineFile = options.baselineFile === null ? null : resolveRecordingArg(options.baselineFile);
  return reportVerdict(file, { ...options, baselineFile }, { env: options.env, io: options.io, verdictTo: 'stdout' }) ?? EXIT.ok;
}
