#!/usr/bin/env node
// The whole suite with `stress-ng --cpu 2` beside it: no test may depend on how loaded the machine is.
import { spawn, spawnSync } from 'node:child_process';

const stress = spawn('stress-ng', ['--cpu', '2', '--quiet'], { stdio: 'ignore' });
stress.on('error', () => {
  console.error('run-loaded: stress-ng is not installed (Debian package stress-ng)');
  process.exit(2);
});
const result = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
stress.kill('SIGTERM');
process.exit(result.status ?? 1);
