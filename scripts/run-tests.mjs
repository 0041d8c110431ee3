#!/usr/bin/env node
// Node 20's `node --test` expands no globs and passes when it finds no file: list the files ourselves.
// Usage: run-tests.mjs [--coverage] [substring of a test file's path...]
// --coverage runs the same files under c8 and prints the line coverage of src/ (`npm run coverage` builds
// with source maps first, so it is counted in the TypeScript; a file no test loads counts as uncovered).
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

// Most end-to-end tests wait on the processes they profile: more files than cores run at once.
const CONCURRENCY = 4;

function findFiles(dir, suffix) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...findFiles(path, suffix));
    else if (name.endsWith(suffix)) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const coverage = args.includes('--coverage');
const only = args.filter((a) => a !== '--coverage');
const files = findFiles('dist/test', '.test.js')
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error('run-tests: no test files found under dist/test (did the build run?)');
  process.exit(1);
}
const test = [process.execPath, '--test', `--test-concurrency=${CONCURRENCY}`, ...files];
// Spawned memprofs inherit c8's NODE_V8_COVERAGE, so the end-to-end tests count too.
const c8 = [
  createRequire(import.meta.url).resolve('c8/bin/c8.js'),
  ...['--all', '--src', 'dist/src', '--include', 'src/**', '--include', 'dist/src/**'],
  // bin/memprof.js runs the bundle, whose source map leads back to src/ (`bundle.mjs --coverage`).
  ...['--include', 'dist/bundle/**'],
  ...['--reporter', 'text', '--reporter', 'text-summary', '--report-dir', 'coverage'],
];
const argv = coverage ? [process.execPath, ...c8, ...test] : test;
const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
// The source maps were built for the coverage only: the package ships none (the next build drops their links).
if (coverage) for (const map of findFiles('dist', '.js.map')) rmSync(map);
process.exit(result.status ?? 1);
