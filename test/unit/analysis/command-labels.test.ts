import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLabel, commandLabels, ellipsize, NOT_RECORDED } from '../../../src/analysis/command-labels.js';

/** gcc 12's cc1 for one file of a build, as `gcc -###` shows it (quoting as memprof writes it). */
const cc1 = (file: string, tmp: string): string =>
  '/usr/lib/gcc/x86_64-linux-gnu/12/cc1 -quiet -I include ' +
  `-imultiarch x86_64-linux-gnu -D NDEBUG ${file} -quiet -dumpbase ${file} -dumpbase-ext .c -mtune=generic ` +
  `-march=x86-64 -O2 -fasynchronous-unwind-tables -o /tmp/${tmp}.s`;

test('a build: each cc1 is labelled by its source file and output, the rest left out with …', () => {
  const commands = [
    'make -j4',
    cc1('main.c', 'ccAB12cd'),
    cc1('src/util.c', 'ccQw9Zxy'),
    cc1('parse.c', 'cc0Hh5Ta'),
    '/usr/bin/as --64 -o main.o /tmp/ccAB12cd.s',
  ];
  assert.deepEqual(commandLabels(commands, 44), [
    'make -j4',
    'cc1 … main.c … ccAB12cd.s',
    'cc1 … util.c … ccQw9Zxy.s',
    'cc1 … parse.c … cc0Hh5Ta.s',
    'as --64 -o main.o ccAB12cd.s',
  ]);
});

test('a lone long command is cut in the middle: the program and the end stay', () => {
  const [label] = commandLabels([cc1('main.c', 'ccAB12cd')], 44);
  assert.equal(label, 'cc1 -quiet -I include …-tables -o ccAB12cd.s');
  assert.equal([...label!].length, 44);
});

test('node workers: short commands are shown whole', () => {
  assert.deepEqual(commandLabels(['node pool.js', '/usr/bin/node worker.js 1', '/usr/bin/node worker.js 2'], 44), [
    'node pool.js',
    'node worker.js 1',
    'node worker.js 2',
  ]);
});

test('node workers with long options: the script stays, then what differs', () => {
  const worker = (id: number): string =>
    `/usr/bin/node --max-old-space-size=4096 --enable-source-maps /srv/app/dist/worker.js --queue=default --id=${id}`;
  assert.deepEqual(commandLabels([worker(1), worker(2), worker(3)], 44), [
    'node … worker.js … --id=1',
    'node … worker.js … --id=2',
    'node … worker.js … --id=3',
  ]);
});

test('a python spawn pool: each worker keeps the part of its -c code that differs', () => {
  const python = '/root/.pyenv/versions/3.11.7/bin/python3';
  const worker = (fd: number): string =>
    `${python} -c 'from multiprocessing.spawn import spawn_main; ` +
    `spawn_main(tracker_fd=5, pipe_handle=${fd})' --multiprocessing-fork`;
  const tracker = `${python} -c 'from multiprocessing.resource_tracker import main;main(4)'`;
  const commands = [`${python} pool.py -n 3`, tracker, worker(7), worker(9), worker(11)];
  const labels = commandLabels(commands, 44);
  assert.deepEqual(labels, [
    'python3 pool.py -n 3',
    "python3 … 'from multip… import main;main(4)'",
    "python3 … 'from multip…=5, pipe_handle=7)' …",
    "python3 … 'from multip…=5, pipe_handle=9)' …",
    "python3 … 'from multip…5, pipe_handle=11)' …",
  ]);
  assert.equal(new Set(labels).size, labels.length);
  assert.ok(labels.every((l) => [...l].length <= 44));
});

test('identical commands (a fork pool) keep the same label: the pid tells them apart', () => {
  assert.deepEqual(commandLabels(['python3 pool.py', 'python3 pool.py'], 44), ['python3 pool.py', 'python3 pool.py']);
});

test('titles, UTF-8 and quoting in labels', () => {
  assert.equal(commandLabel('stress-ng-vm [run]', 44), 'stress-ng-vm [run]');
  assert.equal(commandLabel("node child.js café 日本 'a b' ''", 44), "node child.js café 日本 'a b' ''");
  assert.equal(commandLabel(null, 44), NOT_RECORDED);
  assert.equal(commandLabel('  ', 44), NOT_RECORDED);
  // Cut by characters, never inside one: 日 is one character of three UTF-8 bytes.
  assert.equal(ellipsize('日本語のテキスト', 5), '日本…スト');
  assert.equal(ellipsize('short', 5), 'short');
});
