import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// More processes than a JavaScript call takes arguments: a spread over them (Math.max(...all)) would throw.
// With Node's default stack that takes about 150,000; in a child with a stack a tenth of it, 20,000 do, at a
// seventh of the cost (the child checks that such a spread does throw there).
const PROCESSES = 20_000;
const STACK_KIB = 100;
const CHILD = fileURLToPath(new URL('../../helpers/many-processes-child.js', import.meta.url));

test(`peak and plot data of ${PROCESSES} processes: no RangeError, the right peak, the 10 largest drawn`, () => {
  const child = spawnSync(process.execPath, [`--stack-size=${STACK_KIB}`, CHILD, String(PROCESSES)], {
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  const got = JSON.parse(child.stdout);
  assert.equal(got.spreadThrows, true, `a spread over ${PROCESSES} arguments must throw with this stack`);
  assert.equal(got.processes, PROCESSES + 1);
  assert.ok(Math.abs(got.peakMiB - got.writtenPeakMiB) < 0.001, `${got.peakMiB} MiB, ${got.writtenPeakMiB} written`);
  assert.match(got.peakLine, /^churn\.dat\t\d+\.\d{3} MiB\t/);
  assert.equal(got.drawn, 10);
  // The workers in one group (a copy per member made it quadratic).
  assert.deepEqual(got.groups, [1, PROCESSES]);
});
