import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SampleScanner } from '../../../src/format/sample-scan.js';
import { MiB } from '../../../src/units.js';

function scan(line: string): { kind: string | null; pid: number; bytes: number; time: number } {
  const bytes = Buffer.from(line, 'latin1');
  return { ...new SampleScanner(bytes).read(0, bytes.length) };
}

test('reads plain MEM and CHLD lines as parseLine would', () => {
  assert.deepEqual(scan('MEM 19.521705 1800000000.0100'), {
    kind: 'MEM',
    pid: -1,
    bytes: Math.round(19.521705 * MiB),
    time: 1800000000.01,
  });
  assert.deepEqual(scan('CHLD 4012 0.000000 1795317756.2206'), {
    kind: 'CHLD',
    pid: 4012,
    bytes: 0,
    time: 1795317756.2206,
  });
  assert.deepEqual(scan('MEM 1. .5'), { kind: 'MEM', pid: -1, bytes: MiB, time: 0.5 });
});

test('leaves every other form to parseLine', () => {
  for (const line of [
    'MEM 1 2 ',
    'MEM 1  2',
    'MEM 1',
    'MEM',
    'MEM -1 2',
    'MEM 1e3 2',
    'MEM 1.2.3 4',
    'MEM 1 2\r',
    'MEM 1\t2',
    'MEM +1 2',
    'MEM Infinity 2',
    'MEM 1 2 3',
    'CHLD 1.5 1 2',
    'CHLD 1 2',
    'CHLD x 1 2',
    'MEMO 1 2',
    'mem 1 2',
    'CMDLINE MEM 1 2',
    '',
  ]) {
    assert.equal(scan(line).kind, null, JSON.stringify(line));
  }
});

test('every plain decimal reads as the same double as Number() gives', () => {
  let seed = 7;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let n = 0; n < 20000; n++) {
    const digits = Array.from({ length: 1 + Math.floor(rand() * 19) }, () => String(Math.floor(rand() * 10))).join('');
    const dot = Math.floor(rand() * (digits.length + 2)) - 1;
    const text = dot < 0 ? digits : `${digits.slice(0, dot)}.${digits.slice(dot)}`;
    if (text === '.') continue;
    const read = scan(`CHLD 1 0 ${text}`);
    assert.equal(read.kind, 'CHLD', text);
    assert.equal(read.time, Number(text), text);
  }
});
