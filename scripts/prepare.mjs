#!/usr/bin/env node
// `prepare` builds dist/ (tsc's output and the bundle bin/memprof.js loads). `npm install -g <folder of a clone>`
// links the folder and runs this without having installed its dependencies there, so install them first when
// the compiler or the bundler is missing (scripts off: no loop).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// The outer npm's settings (a global install, its prefix) must not reach the inner install.
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)));

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', env, shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync('node_modules/typescript/package.json') || !existsSync('node_modules/esbuild/package.json')) {
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save']);
}
run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
run(process.execPath, ['scripts/bundle.mjs']);
