import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { tempDir } from '../../helpers/memprof.js';
import { fakeDat, writeDat, type FakeRun } from '../../helpers/recordings.js';
import { LiveView } from '../../../src/commands/live.js';

const BUILD: FakeRun = {
  command: 'make -j2',
  rootMib: [10, 11, 12, 12, 10],
  children: [
    { pid: 1001, ppid: 1000, command: 'cc1 -o a.o a.c', mib: [null, 20, 40, 30, 30], hwmMib: 41 },
    { pid: 1002, ppid: 1000, command: 'ld -o x', mib: [null, null, 5, 50, null] },
  ],
  exitCode: null,
};

/** The view started and stopped on a file standing in for a terminal: what it wrote, and its last frame's text. */
function drawOnce(
  file: string,
  recording: { memIsTree: boolean; perProcess: boolean },
  columns: number,
  rows: number,
): { out: string; text: string } {
  const screen = `${file}.screen`;
  const fd = openSync(screen, 'w');
  const terminal = { fd, columns, rows, on: () => terminal, off: () => terminal };
  const view = new LiveView({
    file,
    command: BUILD.command,
    ...recording,
    terminal: terminal as unknown as NodeJS.WriteStream & { fd: number },
  });
  view.start();
  view.stop();
  closeSync(fd);
  const out = readFileSync(screen, 'utf8');
  const frame = out.slice(out.lastIndexOf('\x1b[H') + 3).split('\x1b[K');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the terminal's escape sequences, taken out
  return { out, text: frame.join('').replace(/\x1b\[[?\d]*[a-zA-Z]/g, '') };
}

test('the live view reads the recording without touching it: totals, peak and live processes, fit to the terminal', () => {
  const dir = tempDir('memprof-live-');
  // cc1 still runs at the last tick: its EXIT line left out, as in a recording being written.
  const file = writeDat(dir, 'run.dat', fakeDat(BUILD).replace(/^EXIT 1001 .*\n/m, ''));
  const before = readFileSync(file);
  const { out, text } = drawOnce(file, { memIsTree: false, perProcess: true }, 72, 20);
  assert.deepEqual(readFileSync(file), before, 'the recording is left as it was');
  assert.ok(out.startsWith('\x1b[?1049h\x1b[?25l'), 'the alternate screen, the cursor hidden');
  assert.ok(out.endsWith('\x1b[?25h\x1b[?1049l'), 'the terminal given back');
  // The ticks' totals are 10, 31, 57, 92 and 40 MiB; ld ended, cc1 still runs.
  assert.match(text, /total 40 MiB now · peak 92 MiB at 0\.30 s · 2 processes/);
  assert.match(text, /^\s+1001\s+30 MiB\s+40 MiB\s+41 MiB\s+cc1 -o a\.o a\.c$/m);
  assert.match(text, /^\s+1000\s+10 MiB\s+12 MiB\s+make -j2$/m);
  assert.doesNotMatch(text, /\b1002\b/);
  for (const line of text.split('\n')) assert.ok([...line].length <= 72, line);
});

test('the live view of a -C run without -M names no process: the total is the tree, and the footer says so', () => {
  const dir = tempDir('memprof-live-');
  const file = writeDat(dir, 'run.dat', fakeDat({ ...BUILD, memScope: 'tree', perProcess: false }));
  const { text } = drawOnce(file, { memIsTree: true, perProcess: false }, 90, 30);
  assert.match(text, /total 40 MiB now · peak 92 MiB at 0\.30 s · the whole tree$/m);
  assert.doesNotMatch(text, /^\s+1000\s/m, 'the main process is not shown holding the tree');
  assert.doesNotMatch(text, /\bpid\s+now\s+peak/, 'no table without a process to list');
  assert.match(text, /\(the tree's total only: record with -M to see each process's own size\)/);
});
