import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pythonScriptCommand } from '../../../src/spawn/python.js';

test("mprof's rule: an existing *.py is started with python3; anything else is left alone", () => {
  const files = new Set(['job.py', 'tools/gen.py', 'job.js']);
  const isFile = (path: string) => files.has(path);
  assert.deepEqual(pythonScriptCommand(['job.py', '--n', '3'], isFile), ['python3', 'job.py', '--n', '3']);
  assert.deepEqual(pythonScriptCommand(['tools/gen.py'], isFile), ['python3', 'tools/gen.py']);
  assert.equal(pythonScriptCommand(['missing.py'], isFile), null, 'a missing script keeps "command not found"');
  assert.equal(pythonScriptCommand(['job.js'], isFile), null);
  assert.equal(pythonScriptCommand(['python3', 'job.py'], isFile), null, 'already run by an interpreter');
  assert.equal(pythonScriptCommand([], isFile), null);
});
