import { join } from 'node:path';
import { readOneRun, readTreeReport, type TreeEvent } from './dat.js';
import { FIXTURES, memprof, tempDir, type CliOptions, type CliResult } from './memprof.js';
import { PYTHON } from './accuracy.js';
import type { Recording } from '../../src/format/types.js';

export interface TreeSpec {
  name?: string;
  alloc?: number;
  hold?: number;
  exit?: number;
  orphan?: boolean;
  delay?: number;
  /** Its parent waits for memprof to have sampled it, not for it to exit (needs -M). */
  detach?: boolean;
  /** It exits only once memprof has sampled it, at the end of its hold (needs -M). */
  untilRecorded?: boolean;
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

const TREE_FIXTURE = join(FIXTURES, 'tree.py');
/** The tree fixture's command line, but for its spec: a python3 without site starts in a tenth of node's CPU. */
export const TREE_COMMAND = [PYTHON ?? 'python3', '-S', TREE_FIXTURE];

/** The command line of a tree: `python` may be a link to python3 under another name. */
export function treeCommand(spec: TreeSpec, python = TREE_COMMAND[0]!): string[] {
  return [python, ...TREE_COMMAND.slice(1), JSON.stringify(spec)];
}

export interface TreeOptions extends CliOptions {
  /** SIGKILL the tree's process group once memprof exits: survivors would hold its output open. */
  endTreeOnExit?: boolean;
}

/** `memprof run <args> -o <tmp>/out.dat python3 -S tree.py <spec>` in a fresh directory. */
export async function runTree(spec: TreeSpec, args: string[], options: TreeOptions = {}): Promise<TreeRun> {
  const dir = tempDir();
  const datFile = join(dir, 'out.dat');
  const reportFile = join(dir, 'report.jsonl');
  const { endTreeOnExit = false, ...cli } = options;
  const result = await memprof(['run', ...args, '-o', datFile, ...treeCommand(spec)], {
    ...cli,
    cwd: dir,
    env: { ...cli.env, TREE_REPORT: reportFile, TREE_DAT: datFile },
    onExit: () => {
      const root = endTreeOnExit ? readTreeReport(reportFile).find((e) => e.name === (spec.name ?? 'root')) : undefined;
      // memprof started the command in a process group of its own (never -0 or -1: the test's own, or all)
      if (root && root.pid > 1) killQuietly(-root.pid);
      cli.onExit?.();
    },
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

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* gone already */
  }
}
