#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ for bin/memprof.js: one script to read and compile instead of about a
// hundred ESM modules, which is most of what a short `memprof run` costs beyond Node's own start. tsc's
// dist/src stays for the tests that import modules one by one. --coverage: with source maps, and the
// packages left in node_modules, so that coverage counts src/ alone.
//   cli.js            the CLI as one function expression, which the bin runs through node:vm
//   <build>.cache     V8's code cache of cli.js, kept from one `memprof run` (the bin's MEMPROF_WRITE_CODE_CACHE)
//   thread-worker.js  the sampling thread, and scan-thread.js the reader's line scanner: ESM modules that
//                     thread.ts and parallel-stream.ts start by a URL beside the CLI
//   index.js          the programmatic API (`import { record, mark } from 'memprof'`), ESM; its declarations,
//                     and only the API's, go to dist/types (`npm run build` has tsconfig.api.json emit them all
//                     into dist/api-declarations first)
//   node-probe.cjs    what every Node process of a run loads through NODE_OPTIONS (--require): CommonJS, so
//                     Node 20 requires it before any program, ESM or not; no dependency, a few KB
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const OUT = 'dist/bundle';
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// Names this build's code cache in cli.js's first line, so the bin never runs a cache of another build (V8
// checks a cache against the source's length only).
const buildId = randomUUID();

const coverage = process.argv.includes('--coverage');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Only `plot` needs them, and they are most of the dependencies: imported from node_modules when it does.
  external: ['vega', 'vega-lite'],
  ...(coverage ? { sourcemap: true, packages: 'external' } : {}),
  logLevel: 'warning',
};

rmSync(OUT, { recursive: true, force: true });
// CommonJS inside, so each of Node's modules is required where the module using it first runs, as without
// the bundle (an ESM bundle hoists them all to its top: node:crypto alone takes milliseconds to load).
await build({
  ...common,
  entryPoints: ['src/main.ts'],
  outfile: join(OUT, 'cli.js'),
  format: 'cjs',
  // A third less to read at every start; names are kept, so an internal error's stack still says where.
  ...(coverage ? {} : { minifyWhitespace: true, minifySyntax: true }),
  banner: { js: `// ${buildId}\n(function (require, bundleUrl, bundleImport) {` },
  footer: { js: '})' },
  define: {
    MEMPROF_BUNDLED_VERSION: JSON.stringify(version),
    'import.meta.url': 'bundleUrl',
    BUNDLE_IMPORT: 'bundleImport',
    BUNDLE_REQUIRE: 'require',
  },
});
await build({
  ...common,
  entryPoints: { 'thread-worker': 'src/sampler/thread-worker.ts', 'scan-thread': 'src/format/scan-thread.ts' },
  outdir: OUT,
  format: 'esm',
});
await build({
  ...common,
  entryPoints: { 'node-probe': 'src/probe/node-probe.ts' },
  outExtension: { '.js': '.cjs' },
  outdir: OUT,
  format: 'cjs',
});
await build({
  ...common,
  entryPoints: { index: 'src/index.ts' },
  outdir: OUT,
  format: 'esm',
  define: { MEMPROF_BUNDLED_VERSION: JSON.stringify(version), BUNDLE_REQUIRE: 'require' },
  // The CommonJS packages bundled in (commander, pidtree) require Node's modules: give the ESM bundle a require.
  banner: {
    js: "import { createRequire as memprofRequire } from 'node:module';\nconst require = memprofRequire(import.meta.url);",
  },
});

const TYPES = 'dist/types';
const declarations = 'dist/api-declarations';
if (existsSync(declarations)) {
  rmSync(TYPES, { recursive: true, force: true });
  mkdirSync(join(TYPES, 'api'), { recursive: true });
  copyFileSync(join(declarations, 'index.d.ts'), join(TYPES, 'index.d.ts'));
  copyFileSync(join(declarations, 'api', 'types.d.ts'), join(TYPES, 'api', 'types.d.ts'));
  rmSync(declarations, { recursive: true, force: true });
}

// What one short run compiles goes into the cache. Without a cache the bin still runs, compiling cli.js itself.
const dir = mkdtempSync(join(tmpdir(), 'memprof-bundle-'));
try {
  const run = spawnSync(process.execPath, ['bin/memprof.js', 'run', '-q', '-o', join(dir, 'a.dat'), '--', 'true'], {
    env: { ...process.env, MEMPROF_WRITE_CODE_CACHE: '1' },
    encoding: 'utf8',
  });
  if (run.status !== 0) console.warn(`bundle: no code cache (memprof run failed: ${run.stderr.trim()})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
