import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { atNormalPriority, FIXTURES, memprof, tempDir, type CliResult } from './memprof.js';
import { readOneRun } from './dat.js';
import type { Recording } from '../../src/format/types.js';

/** A real python3 binary (not a pyenv shim, whose extra processes would blur the tree), or null. */
export const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p)) ?? null;

/** The path of a tool on PATH (or an absolute path that exists), or null. */
export function tool(name: string): string | null {
  if (name.startsWith('/')) return existsSync(name) ? name : null;
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

export interface FixtureRun {
  result: CliResult;
  recording: Recording;
  report: string;
}

/**
 * `memprof run <args> -o <tmp>/out.dat <python3> test/fixtures/<script> <scriptArgs>`, report file in $<env>;
 * with `realtime`, memprof at a real-time priority and the script at the normal one (see REALTIME).
 */
export async function runPython(
  script: string,
  scriptArgs: string[],
  args: string[],
  env: string,
  { realtime = false } = {},
): Promise<FixtureRun> {
  const dir = tempDir();
  const report = join(dir, 'report.json');
  const out = join(dir, 'out.dat');
  const command = [PYTHON!, join(FIXTURES, script), ...scriptArgs];
  const result = await memprof(['run', ...args, '-o', out, ...(realtime ? atNormalPriority(command) : command)], {
    cwd: dir,
    env: { [env]: report },
    realtime,
  });
  return { result, recording: readOneRun(out), report: existsSync(report) ? readFileSync(report, 'utf8') : '' };
}

export const within = (value: number, truth: number, tolerance: number): boolean =>
  Math.abs(value - truth) <= tolerance * truth;
