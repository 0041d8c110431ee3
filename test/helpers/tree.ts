import { join } from 'node:path';
import { readOneRun, readTreeReport, type TreeEvent } from './dat.js';
import { FIXTURES, memprof, tempDir, type CliOptions, type CliResult } from './memprof.js';
import type { Recording } from '../../src/format/types.js';

export interface TreeSpec {
  name?: string;
  alloc?: number;
  hold?: number;
  exit?: number;
  orphan?: boolean;
  delay?: number;
  children?: TreeSpec[];
  onSignal?: Record<string, number | null>;
}

export interface TreeRun {
  result: CliResult;
  dir: string;
  datFile: string;
  reportFile: string;
  /** Parsed lazily: a run that failed may have left no file. */
  recording: () => Recording;
  events: () => TreeEvent[];
}

export const TREE_FIXTURE = join(FIXTURES, 'tree.cjs');

/** `memprof run <args> -o <tmp>/out.dat node tree.cjs <spec>` in a fresh directory. */
export async function runTree(spec: TreeSpec, args: string[], options: CliOptions = {}): Promise<TreeRun> {
  const dir = tempDir();
  const datFile = join(dir, 'out.dat');
  const reportFile = join(dir, 'report.jsonl');
  const result = await memprof(['run', ...args, '-o', datFile, process.execPath, TREE_FIXTURE, JSON.stringify(spec)], {
    ...options,
    cwd: dir,
    env: { ...options.env, TREE_REPORT: reportFile },
  });
  return {
    result,
    dir,
    datFile,
    reportFile,
    recording: () => readOneRun(datFile),
    events: () => readTreeReport(reportFile),
  };
}
