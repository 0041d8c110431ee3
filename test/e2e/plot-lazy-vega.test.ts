import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { BIN, MPROF_FIXTURES, ROOT, tempDir } from '../helpers/memprof.js';

// Loaded with `node --import`: a hook that names on stderr every file a memprof process loads as a module.
const LOAD_HOOK = `export async function load(url, context, next) {
  if (url.startsWith('file:')) process.stderr.write('memprof-test-load ' + url + '\\n');
  return next(url, context);
}`;
const REGISTER_HOOK = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(LOAD_HOOK)}`)});`;

/** The files (relative to the repository) that `memprof <args>` loads as modules, in order. */
function filesLoadedBy(args: string[], cwd: string): string[] {
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(REGISTER_HOOK)}`, BIN, ...args],
    { cwd, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return [...r.stderr.matchAll(/^memprof-test-load (.+)$/gm)].map((m) => relative(ROOT, fileURLToPath(m[1]!)));
}

/** Modules reached through static imports only (`import ... from`, `export ... from`), not `import()`. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(
      /^\s*(?:import|export)\s[^'"()]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm,
    )) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) {
        const next = resolve(dirname(file), spec);
        if (existsSync(next)) visit(next);
      } else packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

test('vega is not loaded by the CLI at start-up nor by `run`: only the plot command imports it', () => {
  const dist = join(ROOT, 'dist', 'src');
  for (const entry of ['main.js', 'cli.js', 'commands/run.js']) {
    const { packages, files } = staticGraph(join(dist, entry));
    assert.ok(files.size > 1 || entry !== 'main.js', 'the graph walk found the imports');
    for (const name of packages) assert.doesNotMatch(name, /^vega/, `${entry} statically imports ${name}`);
  }
  const plot = staticGraph(join(dist, 'report', 'svg.js'));
  assert.ok(plot.files.size >= 1);
  assert.match(
    readFileSync(join(dist, 'report', 'svg.js'), 'utf8'),
    /importPackage\('vega'\)/,
    'svg.js loads vega lazily',
  );
  assert.doesNotMatch(readFileSync(join(dist, 'cli', 'plot.js'), 'utf8'), /from 'vega/);
});

test('bin/memprof.js runs the bundle: `run` imports no other module, and `plot` imports vega from node_modules', () => {
  const dir = tempDir('memprof-bundle-');
  try {
    const run = filesLoadedBy(['run', '-q', '-o', join(dir, 'a.dat'), '--', 'true'], dir);
    // The bin runs the bundle through node:vm: no module of memprof's (dist/src) or of a package is loaded.
    assert.deepEqual(run, [join('bin', 'memprof.js')]);
    const plot = filesLoadedBy(['plot', join(MPROF_FIXTURES, 'grandchild_M.dat'), '-o', join(dir, 'a.svg')], dir);
    assert.ok(
      plot.some((f) => f.startsWith(join('node_modules', 'vega', ''))),
      `plot loads vega: ${plot.join(' ')}`,
    );
    assert.ok(!plot.some((f) => f.startsWith(join('dist', 'src'))), "nothing of tsc's output");
    assert.match(readFileSync(join(dir, 'a.svg'), 'utf8'), /^<svg/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the bundle's code cache is this build's, and this Node accepts it", () => {
  const bundle = join(ROOT, 'dist', 'bundle');
  const source = readFileSync(join(bundle, 'cli.js'), 'utf8');
  const build = /^\/\/ ([0-9a-f-]{36})\n/.exec(source);
  assert.ok(build, "cli.js's first line names its build");
  const cachedData = readFileSync(join(bundle, `${build[1]}.cache`));
  const script = new Script(source, { filename: join(bundle, 'cli.js'), cachedData });
  assert.equal(script.cachedDataRejected, false);
  assert.deepEqual(
    readdirSync(bundle).filter((f) => f.endsWith('.cache')),
    [`${build[1]}.cache`],
    'no cache of another build is left',
  );
});
