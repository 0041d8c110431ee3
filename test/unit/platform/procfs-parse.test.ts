import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldNumber, lastFieldNumber } from '../../../src/platform/procfs/parse-bytes.js';
import {
  environHas,
  parseChildren,
  parseCmdline,
  parseKbField,
  parseStat,
} from '../../../src/platform/procfs/parse.js';

test('parseStat copes with spaces and parentheses in the command name', () => {
  const text = `4242 (my (odd) name) S 4200 4242 4242 0 -1 4194560 ${'0 '.repeat(8)}20 0 1 0 123456 1000 200\n`;
  const stat = parseStat(text)!;
  assert.deepEqual(
    [stat.comm, stat.state, stat.ppid, stat.pgrp, stat.session, stat.startTicks],
    ['my (odd) name', 'S', 4200, 4242, 4242, 123456],
  );
  assert.equal(parseStat('garbage'), null);
});

test('statm, children, status and smaps_rollup fields', () => {
  assert.deepEqual(parseChildren('12 345 6789 '), [12, 345, 6789]);
  assert.deepEqual(parseChildren(''), []);
  const status = 'Name:\tnode\nVmPeak:\t  100 kB\nVmHWM:\t   2048 kB\nVmRSS:\t 1024 kB\n';
  assert.equal(parseKbField(status, 'VmHWM'), 2048 * 1024);
  assert.equal(parseKbField(status, 'Name'), null);
  assert.equal(parseKbField('Rss:  10 kB\nPss:  7 kB\n', 'Rss'), 10 * 1024);
  assert.equal(parseKbField('Rss:  10 kB\nPss:  7 kB\n', 'Pss'), 7 * 1024);
});

const bytes = (text: string): [Buffer, number] => [Buffer.from(text, 'latin1'), text.length];

test('statm and loadavg numbers are parsed in the read buffer', () => {
  assert.equal(fieldNumber(...bytes('1000 250 30 4 0 60 0\n'), 1), 250);
  assert.equal(fieldNumber(...bytes('1000 250 30 4 0 60 0\n'), 0), 1000);
  assert.equal(fieldNumber(...bytes('1000 250 30 4 0 60 0\n'), 6), 0);
  // A zombie's statm is all zeros; an empty or cut read has no such field.
  assert.equal(fieldNumber(...bytes('0 0 0 0 0 0 0\n'), 1), 0);
  assert.ok(Number.isNaN(fieldNumber(...bytes(''), 1)));
  assert.ok(Number.isNaN(fieldNumber(...bytes('1000'), 1)));
  assert.ok(Number.isNaN(fieldNumber(...bytes('1000 x'), 1)));
  // Only the first `length` bytes count: the buffer is reused, and holds older, longer reads after them.
  assert.ok(Number.isNaN(fieldNumber(Buffer.from('1000 250 30'), 4, 1)));
  assert.equal(lastFieldNumber(...bytes('0.52 0.58 0.59 1/257 24513\n')), 24513);
  assert.equal(lastFieldNumber(Buffer.from('0.52 0.58 0.59 1/257 245139999'), 26), 24513);
  assert.ok(Number.isNaN(lastFieldNumber(...bytes(''))));
});

/** /proc/PID/cmdline's bytes: each argument NUL-terminated. */
const cmdline = (...args: Array<string | Buffer>): Buffer =>
  Buffer.concat(args.flatMap((a) => [Buffer.from(a), Buffer.from([0])]));

test('command lines are shell-quoted for display', () => {
  assert.equal(parseCmdline(cmdline('node', 'a b.js', '--x=1')), "node 'a b.js' --x=1");
  assert.equal(parseCmdline(cmdline('sh', '-c', "echo it's")), `sh -c 'echo it'\\''s'`);
  assert.equal(parseCmdline(Buffer.alloc(0)), '');
});

test('a process title is shown as the process shows it, not as quoted empty arguments', () => {
  // stress-ng's and node's process.title: the title over argv, the rest of argv's bytes NUL.
  const padded = Buffer.concat([Buffer.from('stress-ng-vm [run]'), Buffer.alloc(27)]);
  assert.equal(parseCmdline(padded), 'stress-ng-vm [run]');
  // Chromium-style: the whole title with spaces in one argument, empty ones after.
  assert.equal(
    parseCmdline(cmdline('/opt/chrome/chrome --type=renderer --lang=en', '', '', '')),
    '/opt/chrome/chrome --type=renderer --lang=en',
  );
  // A title that ran over argv's end has no padding at all (the kernel reads up to its NUL).
  assert.equal(parseCmdline(Buffer.from('postgres: checkpointer ')), 'postgres: checkpointer ');
  // Padding after a title without spaces, or after several real arguments, is dropped too.
  assert.equal(parseCmdline(Buffer.concat([Buffer.from('worker'), Buffer.alloc(9)])), 'worker');
  assert.equal(parseCmdline(cmdline('prog', '-p', '', '', '', '')), 'prog -p');
});

test('real empty arguments stay quoted: one trailing, or any in the middle', () => {
  assert.equal(parseCmdline(cmdline('printf', '')), "printf ''");
  assert.equal(parseCmdline(cmdline('printf', '', 'x')), "printf '' x");
  assert.equal(parseCmdline(cmdline('printf', '%s', '', '', 'x')), "printf %s '' '' x");
  assert.equal(parseCmdline(cmdline('')), "''");
});

test('command lines are UTF-8; a byte that is not shows as \\xNN', () => {
  assert.equal(parseCmdline(cmdline('node', 'café', '日本', 'ü ß')), "node café 日本 'ü ß'");
  assert.equal(parseCmdline(Buffer.from('café au lait\0\0\0')), 'café au lait');
  // latin1 é (0xe9), a cut 3-byte sequence, an overlong '/', a UTF-16 surrogate: never a crash, every byte kept.
  const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]);
  assert.equal(parseCmdline(cmdline('cat', latin1)), "cat $'caf\\xe9'");
  assert.equal(
    parseCmdline(cmdline('x', Buffer.from([0xe6, 0x97]), Buffer.from([0xc0, 0xaf]))),
    "x $'\\xe6\\x97' $'\\xc0\\xaf'",
  );
  assert.equal(parseCmdline(cmdline('x', Buffer.from([0xed, 0xa0, 0x80]))), "x $'\\xed\\xa0\\x80'");
  assert.equal(
    parseCmdline(cmdline('x', Buffer.concat([Buffer.from('日'), Buffer.from([0xff]), Buffer.from("'")]))),
    "x $'日\\xff\\''",
  );
  // A title that is not UTF-8 is quoted like any argument.
  assert.equal(parseCmdline(Buffer.concat([Buffer.from('a b'), Buffer.from([0xff, 0, 0, 0])])), "$'a b\\xff'");
});

test('control characters in an argument are escaped, so a command stays one line', () => {
  assert.equal(parseCmdline(cmdline('python3', '-c', 'import x\nprint(1)\t')), "python3 -c $'import x\\nprint(1)\\t'");
  assert.equal(parseCmdline(Buffer.from('evil title \u001b[2J\0\0\0')), "$'evil title \\x1b[2J'");
});

test('environHas finds a whole NAME=value entry only: first, middle or last, never a prefix of another', () => {
  const environ = 'A=1\u0000MEMPROF_RUN=12.ab\u0000PATH=/bin\u0000';
  assert.equal(environHas(environ, 'MEMPROF_RUN=12.ab'), true);
  assert.equal(environHas(environ, 'A=1'), true);
  assert.equal(environHas(environ, 'PATH=/bin'), true);
  assert.equal(environHas(environ, 'MEMPROF_RUN=12.a'), false);
  assert.equal(environHas(environ, 'RUN=12.ab'), false);
  assert.equal(environHas('', 'A=1'), false);
});
