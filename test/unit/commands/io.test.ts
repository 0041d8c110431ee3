import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { summarizeReporting, type Io } from '../../../src/commands/io.js';
import { MPROF_FIXTURES, tempDir } from '../../helpers/memprof.js';
import { poolRun, writeDat } from '../../helpers/recordings.js';

function buffers(): Io & { errText: () => string } {
  let err = '';
  return {
    out: () => undefined,
    err: (t) => {
      err += t;
    },
    errText: () => err,
  };
}

test('--mprof-children on a memprof file: ignored, with a warning saying what its header says', () => {
  const file = writeDat(tempDir(), 'pool.dat', poolRun({ memScope: 'tree' }));
  const io = buffers();
  summarizeReporting(file, io, 'separate');
  assert.equal(
    io.errText(),
    `memprof: warning: ${file}: --mprof-children separate ignored: this memprof recording's ` +
      'header says its MEM holds the whole tree\n',
  );
});

test('no warning for mprof files, nor for auto', () => {
  const io = buffers();
  summarizeReporting(join(MPROF_FIXTURES, 'stressng_vm_MC_T0.1.dat'), io, 'included');
  summarizeReporting(writeDat(tempDir(), 'pool.dat', poolRun()), io, 'auto');
  assert.equal(io.errText(), '');
});
