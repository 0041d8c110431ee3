#!/usr/bin/env node
// Runs the bundle scripts/bundle.mjs builds: one script, compiled from V8's code cache of it when that cache
// was made by this Node (V8 rejects any other, and then compiles the script itself). CommonJS (bin/package.json):
// Node's ESM loader takes milliseconds to set up, which a short `memprof run` has no use for.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script } = require('node:vm');

const bundle = join(__dirname, '..', 'dist', 'bundle');
const file = join(bundle, 'cli.js');
const source = readFileSync(file, 'utf8');
// The first line, `// <build>`, names the cache of this build.
const cacheFile = join(bundle, `${source.slice(3, source.indexOf('\n'))}.cache`);
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // no cache: V8 compiles the script
}
const script = new Script(source, { filename: file, cachedData });
// scripts/bundle.mjs sets it for one run, to keep what that run compiled.
if (process.env.MEMPROF_WRITE_CODE_CACHE === '1') {
  process.once('exit', () => {
    try {
      writeFileSync(cacheFile, script.createCachedData());
    } catch {
      // a read-only install: the next start compiles the script itself
    }
  });
}
// The bundle's require (this file's: the bundle requires Node's modules only, and node:module's createRequire
// would load four more of them), its import.meta.url, and an import() (code run by node:vm has none on Node 20).
script.runInThisContext()(require, pathToFileURL(file).href, (specifier) => import(specifier));
