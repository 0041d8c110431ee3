#!/usr/bin/env node
// Node 20's `node --test` expands no globs and passes when it finds no file: list the files ourselves.
// Usage: run-tests.mjs [--coverage] [substring of a test file's path...]
// --coverage runs the same files under c8 and prints the line coverage of src/ (`npm run coverage` builds
// with source maps first, so it is counted in the TypeScript; a file no test loads counts as uncovered).
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

// Most end-to-end tests wait on the processes they profile: more files than cores run at once.
const CONCURRENCY = 4;

// `node --test` starts a process for each file, and most unit test files do less than that start costs (Node,
// the loader, compiling the modules under test again): the unit tests run in a few shards, one process each
// importing its share of the files. The end-to-end files keep a process each: they wait on the processes they
// profile, so more of them at once keep the cores busy.
const UNIT_SHARDS = 3;

/** The files to hand `node --test`: the unit tests' shards (written to shardDir) first, then the rest. */
function inShards(files) {
  const unit = files.filter((f) => f.startsWith(join('dist', 'test', 'unit')));
  if (unit.length <= 1) return files;
  const shards = Array.from({ length: Math.min(UNIT_SHARDS, unit.length) }, (_, n) => {
    const mine = unit.filter((_, i) => i % UNIT_SHARDS === n);
    const file = join(shardDir, `unit-${n + 1}-of-${UNIT_SHARDS}.test.mjs`);
    writeFileSync(file, mine.map((f) => `import ${JSON.stringify(pathToFileURL(resolve(f)).href)};\n`).join(''));
    return file;
  });
  return [...shards, ...files.filter((f) => !unit.includes(f))];
}

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
const shardDir = mkdtempSync(join(tmpdir(), 'memprof-test-shards-'));
const test = [process.execPath, '--test', `--test-concurrency=${CONCURRENCY}`, ...inShards(files)];
// Spawned memprofs inherit c8's NODE_V8_COVERAGE, so the end-to-end tests count too.
const c8 = [
  createRequire(import.meta.url).resolve('c8/bin/c8.js'),
  ...['--all', '--src', 'dist/src', '--include', 'src/**', '--include', 'dist/src/**'],
  // bin/memprof.js runs the bundle, whose source map leads back to src/ (`bundle.mjs --coverage`).
  ...['--include', 'dist/bundle/**'],
  ...['--reporter', 'text', '--reporter', 'text-summary', '--report-dir', 'coverage'],
];
const argv = coverage ? [process.execPath, ...c8, ...test] : test;
// No test uses TLS, and where NODE_EXTRA_CA_CERTS is set (as on CI machines) every Node process the tests start
// parses that bundle of certificates at its start: tens of milliseconds of CPU each, for hundreds of them.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env });
rmSync(shardDir, { recursive: true, force: true });
// The source maps were built for the coverage only: the package ships none (the next build drops their links).
if (coverage) for (const map of findFiles('dist', '.js.map')) rmSync(map);
process.exit(result.status ?? 1);
