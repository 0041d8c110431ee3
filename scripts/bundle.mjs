#!/usr/bin/env node
// Bundles the CLI into dist/bundle/: memprof.js (what bin/memprof.js loads) and thread-worker.js (the sampling
// thread, which thread.ts starts by a URL beside itself). One file to resolve and compile instead of about a
// hundred is most of what a short `memprof run` costs beyond Node's own start. tsc's dist/src stays for the
// tests that import modules one by one.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

// esbuild hoists every module's `import ... from 'node:x'` to the top of the bundle, so all of Node's modules
// that any verb uses would load on every start (node:crypto alone takes milliseconds). As a require() in a
// module of its own, each loads where the module that imports it is first run, as without the bundle.
const lazyNodeModules = {
  name: 'lazy-node-modules',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, ({ path, kind }) =>
      kind === 'import-statement' ? { path, namespace: 'node-module' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-module' }, ({ path }) => ({
      contents: `module.exports = require(${JSON.stringify(path)});`,
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: { memprof: 'src/main.ts', 'thread-worker': 'src/sampler/thread-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Only `plot` needs them, and they are most of the dependencies: loaded from node_modules when it does.
  external: ['vega', 'vega-lite'],
  // commander and the ps libraries are CommonJS and call require() on Node's modules.
  banner: {
    js: "import { createRequire as bundleRequire } from 'node:module'; const require = bundleRequire(import.meta.url);",
  },
  plugins: [lazyNodeModules],
  define: { MEMPROF_BUNDLED_VERSION: JSON.stringify(version) },
  sourcemap: process.argv.includes('--sourcemap'),
  logLevel: 'warning',
});
