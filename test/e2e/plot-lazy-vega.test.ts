import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  assert.match(readFileSync(join(dist, 'report', 'svg.js'), 'utf8'), /import\('vega'\)/, 'svg.js loads vega lazily');
  assert.doesNotMatch(readFileSync(join(dist, 'cli', 'plot.js'), 'utf8'), /from 'vega/);
});

test('bin/memprof.js runs the bundle: `run` loads no other file, and `plot` loads vega from node_modules', () => {
  const dir = tempDir('memprof-bundle-');
  try {
    const run = filesLoadedBy(['run', '-q', '-o', join(dir, 'a.dat'), '--', 'true'], dir);
    assert.deepEqual(run, [join('bin', 'memprof.js'), join('dist', 'bundle', 'memprof.js')]);
    const plot = filesLoadedBy(['plot', join(MPROF_FIXTURES, 'grandchild_M.dat'), '-o', join(dir, 'a.svg')], dir);
    assert.deepEqual(plot.slice(0, 2), run);
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
