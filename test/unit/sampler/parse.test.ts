import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldNumber, lastFieldNumber } from '../../../src/sampler/procfs/parse-bytes.js';
import { environHas, parseChildren, parseCmdline, parseKbField, parseStat, shellQuote } from '../../../src/sampler/procfs/parse.js';

test('parseStat copes with spaces and parentheses in the command name', () => {
  const text = '4242 (my (odd) name) S 4200 4242 4242 0 -1 4194560 ' + '0 '.repeat(8) + '20 0 1 0 123456 1000 200\n';
  const stat = parseStat(text)!;
  assert.deepEqual([stat.comm, stat.state, stat.ppid, stat.pgrp, stat.session, stat.startTicks], ['my (odd) name', 'S', 4200, 4242, 4242, 123456]);
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

test('command lines are shell-quoted for display', () => {
  assert.equal(parseCmdline('node\u0000a b.js\u0000--x=1\u0000'), "node 'a b.js' --x=1");
  assert.equal(shellQuote("it's"), `'it'\\''s'`);
  assert.equal(parseCmdline(''), '');
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
