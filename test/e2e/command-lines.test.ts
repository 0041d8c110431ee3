import { test } from 'node:test';
import { peakVerb, runVerb } from '../helpers/in-process.js';
import { listCommand } from '../../src/commands/list.js';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, memprof, tempDir } from '../helpers/memprof.js';
import { shellQuote } from '../../src/command-line.js';
import { tool } from '../helpers/accuracy.js';

// A process that retitles itself and one with UTF-8 arguments, recorded for real: every verb that prints
// commands shows the title as the process shows it and the arguments exactly.

const TITLED = join(FIXTURES, 'titled.cjs');
const TITLE = 'memprof-titled [worker]';
const FILE = 'mprofile_20250101120000.dat';
const command = (...args: string[]): string => args.map(shellQuote).join(' ');
const ROOT_COMMAND = command(process.execPath, TITLED, 'café', '日本');
const CHILD_COMMAND = command(process.execPath, TITLED, 'café', '日本', 'a b', '');

interface Reported {
  role: string;
  pid: number;
}

interface Recorded {
  dir: string;
  pids: Map<string, number>;
}

async function recordTitled(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Recorded> {
  const dir = tempDir();
  const report = join(dir, 'report.jsonl');
  const run = await memprof(['run', '-M', ...args, '-o', FILE, process.execPath, TITLED, 'café', '日本'], {
    cwd: dir,
    env: { ...env, TITLED_REPORT: report },
  });
  assert.equal(run.code, 0, run.stderr);
  const reported = readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Reported);
  return { dir, pids: new Map(reported.map((r) => [r.role, r.pid])) };
}

const recorded = recordTitled();

test('peak --json: the title as the process shows it, UTF-8 arguments exact', async () => {
  const { dir, pids } = await recorded;
  const r = await runVerb(peakVerb([FILE], { json: true }), { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.command, ROOT_COMMAND);
  const byPid = new Map(doc.processes.map((p: { pid: number; command: string }) => [p.pid, p.command]));
  assert.equal(byPid.get(pids.get('root')), ROOT_COMMAND);
  assert.equal(byPid.get(pids.get('worker')), TITLE);
  assert.equal(byPid.get(pids.get('child')), CHILD_COMMAND);
});

test('peak text and list print the same commands', async () => {
  const { dir, pids } = await recorded;
  const peak = await runVerb(peakVerb([FILE]), { cwd: dir });
  assert.equal(peak.code, 0, peak.stderr);
  const row = (pid: number): string => peak.stdout.split('\n').find((l) => new RegExp(`^ +${pid} `).test(l)) ?? '';
  assert.ok(row(pids.get('worker')!).endsWith(`  ${TITLE}`), row(pids.get('worker')!));
  assert.ok(row(pids.get('child')!).endsWith("  node titled.cjs café 日本 'a b' ''"), row(pids.get('child')!));
  const list = await runVerb((io) => listCommand({ io }), { cwd: dir });
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`${FILE} .* ${ROOT_COMMAND.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`));
});

test("the real mprof reads the file: python3-mprof peak gives the root's largest MEM line", {
  skip: tool('python3-mprof') === null,
}, async () => {
  const { dir } = await recorded;
  const text = readFileSync(join(dir, FILE), 'utf8');
  const largest = Math.max(...[...text.matchAll(/^MEM (\S+) /gm)].map((m) => Number(m[1])));
  // LC_ALL=C: the file must read as UTF-8 even where the locale says nothing of it.
  const env = { ...process.env, LC_ALL: 'C' };
  const theirs = spawnSync('python3-mprof', ['peak', FILE], { cwd: dir, encoding: 'utf8', env });
  assert.equal(theirs.status, 0, theirs.stderr);
  // Formatted as mprof formats it ('{:.3f}', half to even): toFixed rounds a tie such as 48.3125 up.
  const expected = spawnSync(
    'python3',
    ['-c', 'import sys; print("{:.3f}".format(float(sys.argv[1])))', `${largest}`],
    {
      encoding: 'utf8',
    },
  ).stdout.trim();
  assert.equal(theirs.stdout.split('\n')[0], `${FILE}\t${expected} MiB`);
});

test('the ps source: UTF-8 arguments and the title too, even in the C locale', async () => {
  const { dir, pids } = await recordTitled(['--source', 'ps'], { LC_ALL: 'C', LANG: '' });
  const doc = JSON.parse((await runVerb(peakVerb([FILE], { json: true }), { cwd: dir })).stdout);
  const byPid = new Map(doc.processes.map((p: { pid: number; command: string }) => [p.pid, p.command]));
  assert.equal(byPid.get(pids.get('worker')), TITLE);
  // ps joins the arguments with spaces and quotes none: `a b` and the empty one cannot be told apart.
  assert.equal(byPid.get(pids.get('child')), `${process.execPath} ${TITLED} café 日本 a b`);
});
