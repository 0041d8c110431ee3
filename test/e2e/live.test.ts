import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, FIXTURES, memprof, tempDir, waitFor, writtenText } from '../helpers/memprof.js';
import { peakVerb, runVerb } from '../helpers/in-process.js';

const TMUX = ['/usr/bin/tmux', '/usr/local/bin/tmux'].find((p) => existsSync(p));
const COLUMNS = 100;
const ROWS = 30;

function tmux(...args: string[]): string {
  const r = spawnSync(TMUX!, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** A child holding 40 MB until Ctrl-C, under a main process that waits for it. */
const HOLD =
  "const c=require('child_process').spawn(process.execPath,['-e','b=Buffer.alloc(40e6,1);setInterval(()=>{},1e3)']," +
  "{stdio:'ignore'});c.on('exit',(code,signal)=>process.kill(process.pid,signal||'SIGTERM'));setInterval(()=>{},1e3)";

test('run --live in a real terminal (tmux): drawn and redrawn in place, Ctrl-C restores it, the status passes', {
  skip: TMUX ? false : 'needs tmux',
}, async () => {
  const dir = tempDir('memprof-live-');
  const dat = join(dir, 'live.dat');
  const status = join(dir, 'status');
  const session = `memprof-live-${process.pid}`;
  const run = [process.execPath, BIN, 'run', '--live', '-M', '-o', dat, '--', process.execPath, '-e', HOLD];
  const shell = `${run.map(quote).join(' ')}; echo $? > ${quote(status)}; sleep 60`;
  tmux('new-session', '-d', '-s', session, '-x', String(COLUMNS), '-y', String(ROWS), shell);
  try {
    const pane = () => tmux('capture-pane', '-p', '-J', '-t', session);
    const flags = () => tmux('display', '-p', '-t', session, '#{alternate_on} #{cursor_flag}').trim();
    const childRow = /^\s+\d+\s+(\d+) MiB\s+\d+ MiB\s+\d+ MiB\s+node -e b=Buffer\.alloc\(40e6/m;
    // Until the child has touched its 40 MB, as its row (now, peak, kernel HWM) shows.
    const first = await waitFor(
      () => {
        const text = pane();
        return /total \d.* now · peak/.test(text) && Number(childRow.exec(text)?.[1] ?? 0) >= 38 && text;
      },
      15_000,
      "the live view with the child's 40 MB",
    );
    assert.equal(flags(), '1 0', 'on the alternate screen, the cursor hidden');
    const lines = first.split('\n');
    assert.ok(lines.length <= ROWS + 1 && lines.every((l) => [...l].length <= COLUMNS));
    assert.match(first, /^memprof --live · node -e /m);
    assert.match(first, /┼|┤/, 'the total drawn as a chart');
    const elapsed = (text: string) => /^memprof --live .* · ([\d.]+) s\s*$/m.exec(text)?.[1];
    assert.ok(elapsed(first) !== undefined);
    await waitFor(() => elapsed(pane()) !== elapsed(first), 5_000, 'a redraw');
    tmux('send-keys', '-t', session, 'C-c');
    const code = await waitFor(() => writtenText(status), 15_000, 'the exit');
    assert.equal(code, '130', 'the command ended by SIGINT: 128 + 2, passed through');
    assert.equal(flags(), '0 1', 'the terminal back: its own screen, the cursor shown');
    assert.match(pane(), /memprof: peak RSS .* -> .*live\.dat/);
    const peak = await runVerb(peakVerb([dat], { json: true }));
    const doc = JSON.parse(peak.stdout);
    assert.deepEqual(doc.warnings, []);
    assert.equal(doc.exitCode, 130);
    assert.ok(doc.processes.length === 2);
  } finally {
    spawnSync(TMUX!, ['kill-session', '-t', session]);
  }
});

test('run --live when memprof itself crashes: the terminal restored, whole lines kept in the recording', {
  skip: TMUX ? false : 'needs tmux',
}, async () => {
  const dir = tempDir('memprof-live-');
  const dat = join(dir, 'crash.dat');
  const status = join(dir, 'status');
  const trigger = join(dir, 'crash-now');
  const session = `memprof-live-crash-${process.pid}`;
  const run = [process.execPath, BIN, 'run', '--live', '-o', dat, '--', 'sleep', '4'];
  const env = `NODE_OPTIONS=${quote(`--require ${join(FIXTURES, 'crash-memprof.cjs')}`)} MEMPROF_TEST_CRASH=${quote(trigger)}`;
  const shell = `env ${env} ${run.map(quote).join(' ')}; echo $? > ${quote(status)}; sleep 60`;
  tmux('new-session', '-d', '-s', session, '-x', String(COLUMNS), '-y', String(ROWS), shell);
  try {
    const pane = () => tmux('capture-pane', '-p', '-J', '-t', session);
    const flags = () => tmux('display', '-p', '-t', session, '#{alternate_on} #{cursor_flag}').trim();
    await waitFor(() => /total \d.* now · peak/.test(pane()), 15_000, 'the live view');
    assert.equal(flags(), '1 0', 'on the alternate screen, the cursor hidden');
    writeFileSync(trigger, '');
    const code = await waitFor(() => writtenText(status), 15_000, 'the crash');
    assert.equal(code, '1', 'an uncaught exception ends memprof with 1');
    assert.equal(flags(), '0 1', 'the terminal back: its own screen, the cursor shown');
    assert.match(pane(), /a bug in memprof, thrown by the test/, 'the crash said on the restored screen');
    const text = readFileSync(dat, 'utf8');
    assert.ok(text.endsWith('\n'), 'no line cut by the crash');
    assert.match(text, /^MEM /m, 'the samples before the crash kept');
    const peak = await runVerb(peakVerb([dat]));
    assert.equal(peak.code, 0, peak.stderr);
  } finally {
    spawnSync(TMUX!, ['kill-session', '-t', session]);
  }
});

test('--live without a terminal on standard output: a note, and the run as without it', async () => {
  const dir = tempDir('memprof-live-');
  const r = await memprof(['run', '--live', '-q', '-o', join(dir, 'x.dat'), '--', process.execPath, '-e', '0']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /--live draws in a terminal only: standard output is not one/);
  assert.match(readFileSync(join(dir, 'x.dat'), 'utf8'), /^DONE /m);
});
