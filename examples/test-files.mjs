#!/usr/bin/env node
// A test run that marks each test file: each "file" runs in a child process holding its own amount of
// memory (one of them far more than the others), and `memprof mark` names it as it starts. Profile it with:
//   memprof run -M node examples/test-files.mjs && memprof peak && memprof plot
// `peak` lists the phases, one per file, with each one's peak total (the highest starred); the plot draws
// a dashed rule at each mark, so the file that held the peak is the one whose stretch the peak falls in.
// In a program, `import { mark } from 'memprof'` marks the same way without starting a process.
import { spawnSync } from 'node:child_process';

const FILES = { 'parser.test.js': 40, 'render.test.js': 180, 'cache.test.js': 70, 'cli.test.js': 20 };
const MEMPROF = process.env.MEMPROF_BIN ?? 'memprof';

for (const [file, mib] of Object.entries(FILES)) {
  spawnSync(MEMPROF, ['mark', file], { stdio: 'inherit' });
  // Buffer.alloc with a fill touches every page: the child's RSS holds what it allocated, for 400 ms.
  const test = `const b = Buffer.alloc(${mib} * 2 ** 20, 1); setTimeout(() => b.length, 400);`;
  spawnSync(process.execPath, ['-e', test], { stdio: 'inherit' });
}
