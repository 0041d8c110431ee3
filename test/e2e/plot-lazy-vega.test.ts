import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ROOT } from '../helpers/memprof.js';

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
