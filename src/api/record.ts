import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarizeFile } from '../analysis/summary.js';
import { runCommand } from '../commands/run.js';
import { MemprofError } from '../errors.js';
import { recordedRun } from './result.js';
import type { RecordedRun, RecordOptions } from './types.js';

const NO_BUDGET = {
  maxPeakBytes: null,
  maxProcessPeakBytes: null,
  maxIncreasePercent: null,
  baselineFile: null,
  summaryFile: null,
};

/**
 * Run `command` (its program and arguments, no shell) with its whole tree recorded as `memprof run -M -q`
 * does, and resolve to the run's summary once it exited. Rejects with an Error when the command cannot be
 * started or the recording cannot be made or read; a command that fails resolves, with its exit code.
 * While it runs, the signals `run` forwards (SIGINT, SIGTERM...) go to the command's process group.
 */
export async function record(command: string[], options: RecordOptions = {}): Promise<RecordedRun> {
  if (command.length === 0) throw new MemprofError('record: no command given');
  const dir = options.output === undefined ? mkdtempSync(join(tmpdir(), 'memprof-record-')) : null;
  const file = options.output ?? join(dir!, 'run.dat');
  try {
    const exitCode = await runCommand({
      command,
      multiprocess: true,
      includeChildren: false,
      intervalSeconds: options.intervalSeconds ?? null,
      fixedInterval: false,
      metric: options.metric ?? 'rss',
      output: file,
      source: 'auto',
      quiet: true,
      budget: NO_BUDGET,
      timeoutSeconds: options.timeoutSeconds ?? null,
      noPython: true,
      python: false,
      node: options.node ?? true,
      cgroup: 'auto',
    });
    const [run] = summarizeFile(file);
    return recordedRun(run!, exitCode, options.output ?? null);
  } finally {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
  }
}
