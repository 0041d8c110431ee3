import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from '../../bench/lib/args.js';

const BENCH = fileURLToPath(new URL('../../bench/index.js', import.meta.url));

test('bench options: every section and the steady window by default; --only, --quick, --long and --big-gb 0', () => {
  const defaults = parseArgs([]);
  assert.deepEqual([...defaults.only], ['cpu', 'scale', 'startup', 'rss', 'peak', 'whole-run']);
  assert.deepEqual(defaults.steady, { warmupSeconds: 30, windowSeconds: 60 });
  assert.equal(defaults.rssSeconds, 60);
  assert.deepEqual(defaults.bigGb, [1, 4]);
  const chosen = parseArgs(['--only', 'startup,rss', '--quick', '--long', '--big-gb', '0', '--runs', '5']);
  assert.deepEqual([...chosen.only], ['startup', 'rss']);
  assert.equal(chosen.steady, null);
  assert.equal(chosen.rssSeconds, 600);
  assert.deepEqual(chosen.bigGb, []);
  assert.equal(chosen.runs, 5);
  assert.equal(parseArgs(['--long', '--rss-seconds', '30']).rssSeconds, 30);
});

test('bench: --help prints the options and exits 0; a bad option is one line on stderr and exit 2, no stack', () => {
  const help = spawnSync(process.execPath, [BENCH, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--only <sections>/);
  for (const argv of [['--only', 'startup,nope'], ['--runs', '0'], ['--bogus'], ['extra']]) {
    const bad = spawnSync(process.execPath, [BENCH, ...argv], { encoding: 'utf8' });
    assert.equal(bad.status, 2, argv.join(' '));
    assert.equal(bad.stdout, '', 'no section ran');
    assert.match(bad.stderr, /^bench: .+\n$/, argv.join(' '));
  }
});
