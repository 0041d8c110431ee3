import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tool, within } from '../helpers/accuracy.js';
import { readOneRun } from '../helpers/dat.js';
import { memprof, tempDir } from '../helpers/memprof.js';
import { treeCommand } from '../helpers/tree.js';
import { MiB } from '../../src/units.js';

// Independent measures: GNU time's "Maximum resident set size" is the kernel's ru_maxrss of the largest
// single descendant it waited for; memprof's largest per-process high-water mark must agree within 5%.

const TIME = tool('/usr/bin/time');
const STRESS = tool('stress-ng');

/**
 * memprof records `/usr/bin/time -v <command>`; returns memprof's largest HWM (time itself excluded) and
 * time's figure.
 */
async function compareWithTime(command: string[]): Promise<{ hwm: number; maxrss: number }> {
  const out = join(tempDir(), 'out.dat');
  const result = await memprof(['run', '-M', '-o', out, TIME!, '-v', ...command]);
  assert.equal(result.code, 0, result.stderr);
  const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  assert.ok(kib, `no GNU time report in: ${result.stderr.slice(-400)}`);
  const rec = readOneRun(out);
  const hwms = rec.processes.filter((p) => p.key !== rec.rootKey).map((p) => p.hwmBytes ?? 0);
  return { hwm: Math.max(...hwms), maxrss: Number(kib[1]) * 1024 };
}

test('largest per-process high-water mark vs /usr/bin/time -v on a process tree: within 5%', {
  skip: TIME ? false : 'needs GNU time (/usr/bin/time; Debian package time)',
}, async () => {
  const spec = {
    name: 'root',
    alloc: 20,
    hold: 600,
    children: [
      { name: 'big', alloc: 120, hold: 500 },
      { name: 'small', alloc: 40, hold: 400 },
    ],
  };
  const { hwm, maxrss } = await compareWithTime(treeCommand(spec));
  assert.ok(within(hwm, maxrss, 0.05), `memprof HWM ${hwm / MiB} MiB, time -v ${maxrss / MiB} MiB`);
});

test('stress-ng --vm 2 (96 MiB a worker): largest high-water mark vs /usr/bin/time -v within 5%', {
  skip: TIME && STRESS ? false : 'needs GNU time and stress-ng (Debian packages time, stress-ng)',
}, async () => {
  // Each worker spins on a core for as long as it runs: a second holds many samples after its first pass
  // touched its 96 MiB, and the high-water marks compared are the kernel's, exact whatever the length.
  const { hwm, maxrss } = await compareWithTime([
    STRESS!,
    '--vm',
    '2',
    '--vm-bytes',
    '192M',
    '--vm-keep',
    '--timeout',
    '1s',
    '--quiet',
  ]);
  assert.ok(maxrss > 90 * MiB, `stress-ng worker peak ${maxrss / MiB} MiB`);
  assert.ok(within(hwm, maxrss, 0.05), `memprof HWM ${hwm / MiB} MiB, time -v ${maxrss / MiB} MiB`);
});
