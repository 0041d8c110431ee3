import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchProcess } from '../../../src/attach/match.js';
import type { ProcessEntry } from '../../../src/platform/platform.js';
import { MemprofError } from '../../../src/errors.js';

const table: ProcessEntry[] = [
  { pid: 10, name: 'bash', command: '/bin/bash' },
  { pid: 20, name: 'node', command: 'node server.js' },
  { pid: 30, name: 'MainThread', command: '/usr/bin/python3 -m http.server' },
  { pid: 40, name: 'webpack-worker', command: '/usr/bin/node worker.js' },
  { pid: 99, name: 'node', command: 'node memprof.js attach node' },
];

const fails = (hint: string, pattern: RegExp, entries = table): void =>
  assert.throws(
    () => matchProcess(entries, hint, 99),
    (e: unknown) => e instanceof MemprofError && e.exitCode === 2 && pattern.test(e.message),
  );

test('an exact name wins over a program name, and memprof itself never matches', () => {
  assert.equal(matchProcess(table.slice(0, 3).concat(table[4]!), 'node', 99).pid, 20);
  assert.equal(matchProcess(table, 'bash', 99).pid, 10);
});

test("the program's base name matches when the kernel's name differs (a thread renamed the process)", () => {
  assert.equal(matchProcess(table, 'python3', 99).pid, 30);
});

test('only without an exact match, a part of the name matches (mprof)', () => {
  assert.equal(matchProcess(table, 'webpack', 99).pid, 40);
  assert.equal(matchProcess(table, 'Thread', 99).pid, 30);
});

test('several matches are an error that lists them by pid; none is an error too', () => {
  fails(
    'node',
    new RegExp(
      /^2 processes match "node"; attach to one by pid:\n/.source +
        / {2}20 {2}node server\.js\n {2}40 {2}\/usr\/bin\/node worker\.js$/.source,
    ),
  );
  fails('nothing-like-this', /^no running process is named "nothing-like-this"$/);
  const many = Array.from({ length: 8 }, (_, i) => ({ pid: 100 + i, name: 'w', command: `w ${i}` }));
  fails('w', /^8 processes match "w".*\n {2}104 {2}w 4\n {2}\.\.\. and 3 more$/s, many);
});

test('the program of a quoted path, a retitled process and a UTF-8 name', () => {
  const entries: ProcessEntry[] = [
    { pid: 50, name: 'run', command: "'/opt/my app/bin/run' -x" },
    { pid: 60, name: 'stress-ng', command: 'stress-ng-vm [run]' },
    { pid: 70, name: 'café', command: './café --port 80' },
  ];
  assert.equal(matchProcess(entries, 'run', 99).pid, 50);
  assert.equal(matchProcess(entries, 'stress-ng-vm', 99).pid, 60);
  assert.equal(matchProcess(entries, 'café', 99).pid, 70);
});
