import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memprof, tempDir, type CliResult } from '../helpers/memprof.js';
import { fakeDat, poolRun, writeDat } from '../helpers/recordings.js';
import { checkVerb, diffVerb, peakVerb, plotOptions, runVerb } from '../helpers/in-process.js';
import { plotCommand } from '../../src/commands/plot.js';
import type { Io } from '../../src/commands/io.js';

// Every verb that reads recordings: one line naming the file (and the line), exit 2.
const dir = tempDir();
const good = writeDat(dir, 'good.dat', poolRun());
const BAD: Array<[string, string | Buffer | null, RegExp]> = [
  ['missing.dat', null, /missing\.dat: no such file\n/],
  ['empty.dat', '', /empty\.dat: empty file/],
  ['folder.dat', 'dir', /folder\.dat: is a directory/],
  ['zero.dat', '/dev/zero', /zero\.dat: is a device, not a recording/],
  ['binary.dat', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x0a, 0xff]), /binary\.dat: binary data/],
  // A malformed line among samples is skipped with a warning; in a file with none it is the refusal.
  ['nan.dat', 'CMDLINE x\nMEM twelve 100.1\n', /nan\.dat:2: memory value is not a number: 'twelve'/],
  ['negative.dat', 'CMDLINE x\nCHLD 12 -3.5 100.0\n', /negative\.dat:2: negative memory value/],
  ['garbage.dat', '{"not": "a recording"}\nMEM 1.0 100.0\n', /garbage\.dat:1: not a recording line/],
  ['newer.dat', 'MEMPROF 2 metric=rss\nMEM 1.0 100.0\n', /newer\.dat:1: written by a newer memprof \(format 2\)/],
];
for (const [name, content] of BAD) {
  if (content === 'dir') mkdirSync(join(dir, name));
  else if (content === '/dev/zero')
    symlinkSync(content, join(dir, name)); // endless: must be refused, not read
  else if (content !== null) writeFileSync(join(dir, name), content);
}

/** What a spawned memprof and a verb run in-process both give. */
type Outcome = Pick<CliResult, 'code' | 'stderr'>;

// Each verb as the CLI runs it, and as its command function, which runs in this process.
const VERBS: Array<[string, (file: string) => string[], (file: string) => (io: Io) => number]> = [
  ['peak', (f) => ['peak', f], (f) => peakVerb([f])],
  ['peak --json', (f) => ['peak', '--json', f], (f) => peakVerb([f], { json: true })],
  ['check', (f) => ['check', f, '--max-peak', '1GiB'], (f) => checkVerb(f, { maxPeak: '1GiB' })],
  [
    'check --baseline',
    (f) => ['check', good, '--baseline', f, '--max-increase', '10%'],
    (f) => checkVerb(good, { baseline: f, maxIncrease: '10%' }),
  ],
  ['diff (first)', (f) => ['diff', f, good], (f) => diffVerb(f, good)],
  ['diff (second)', (f) => ['diff', good, f], (f) => diffVerb(good, f)],
];

for (const [verb, args, inProcess] of VERBS) {
  test(`${verb}: a one-line error naming the file and line, exit 2, for every kind of bad file`, async () => {
    // One bad file through the CLI shows main prints the error so; every kind of bad file in-process.
    const cli = memprof(args(join(dir, 'nan.dat')), { cwd: dir });
    const results: Outcome[] = [];
    for (const [name] of BAD) results.push(await runVerb(inProcess(join(dir, name)), { cwd: dir }));
    results.push(await cli);
    results.forEach((r, i) => {
      const [name, , pattern] = BAD[i] ?? BAD.find(([n]) => n === 'nan.dat')!;
      assert.equal(r.code, 2, `${verb} ${name}: ${r.stderr}`);
      assert.equal(r.stderr.split('\n').length, 2, `${verb} ${name}: one line: ${r.stderr}`);
      assert.match(r.stderr, pattern, `${verb} ${name}`);
      assert.match(r.stderr, /^memprof: /);
    });
  });
}

test('a truncated last line (the run was killed) is tolerated with a warning', async () => {
  const file = join(dir, 'killed.dat');
  writeFileSync(file, 'CMDLINE x\nMEM 1.000000 100.0000\nMEM 5.000000 100.1000\nMEM 9.0');
  for (const verb of [peakVerb([file]), checkVerb(file, { maxPeak: '1GiB' })]) {
    const r = await runVerb(verb, { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /warning: .*killed\.dat: line 4 is incomplete \(the profiler may have been killed\) and was ignored/,
    );
  }
  assert.match((await runVerb(peakVerb([file]))).stdout, /\t5\.000 MiB\t/);
});

test('a negative, zero or unknown size is a usage error (exit 2)', async () => {
  // Through the CLI, a size that starts with '-' is still the option's value.
  const cli = memprof(['check', good, '--max-peak', '-100MiB']);
  const sizes = ['-100MiB', '0', '100XB', 'big'];
  const results: Outcome[] = [await cli];
  for (const size of sizes.slice(1)) results.push(await runVerb(checkVerb(good, { maxPeak: size })));
  for (const [i, r] of results.entries()) {
    const size = sizes[i]!;
    assert.equal(r.code, 2, size);
    assert.match(r.stderr, /^memprof: (invalid size|--max-peak must be greater than zero)/, size);
  }
  const pct = await runVerb(checkVerb(good, { baseline: good, maxIncrease: '-5%' }));
  assert.equal(pct.code, 2);
  assert.match(pct.stderr, /invalid percentage '-5%'/);
});

const CONTROL_TITLE =
  "control characters in a recording's command lines never reach the terminal raw: peak, list and diff escape them";

test(CONTROL_TITLE, async () => {
  const work = tempDir();
  // An mprof-style CMDLINE with ESC and CR, and memprof's JSON command lines with ESC and a newline.
  const text = [
    'MEMPROF 1 metric=rss interval=0.1 mem=root per_process=1 source=procfs',
    'CMDLINE evil \u001b[2J\u001b[31mred\rover',
    'PROC 10 1 100.0 100.0 "evil \\u001b]0;title\\u0007 x"',
    'MEM 10.0 100.0',
    'PROC 11 10 100.0 100.0 "child \\n forged line"',
    'MEM 10.0 100.1',
    'CHLD 11 5.0 100.1',
    'DONE 100.2 0',
    '',
  ].join('\n');
  writeFileSync(join(work, 'mprofile_20260101000000.dat'), text);
  writeFileSync(join(work, 'mprofile_20260101000001.dat'), text);
  const outputs = await Promise.all([
    memprof(['peak', 'mprofile_20260101000000.dat'], { cwd: work }),
    memprof(['list'], { cwd: work }),
    memprof(['diff', 'mprofile_20260101000000.dat', 'mprofile_20260101000001.dat'], { cwd: work }),
  ]);
  for (const r of outputs) {
    assert.equal(r.code, 0, r.stderr);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: only tabs and line ends may be printed
    assert.doesNotMatch(r.stdout + r.stderr, /[\u0000-\u0008\u000b-\u001f\u007f]/, 'no raw control character');
  }
  // Each control character shown as its picture: ␛ for ESC, ␍ for CR, ␊ for LF, ␇ for BEL.
  assert.match(outputs[0]!.stdout, /evil ␛\[2J␛\[31mred␍over/);
  assert.match(outputs[0]!.stdout, /evil ␛\]0;title␇ x/);
  assert.match(outputs[0]!.stdout, /child ␊ forged line/);
  assert.match(outputs[1]!.stdout, /evil ␛\[2J␛\[31mred␍over/);
  assert.match(outputs[2]!.stdout, /child ␊ forged line/);
});

const MALFORMED_TITLE =
  'malformed lines: peak, check, diff and plot give one warning a kind, with the first line numbers and a count, ' +
  'and the numbers of the lines that were read';

test(MALFORMED_TITLE, async () => {
  const work = tempDir();
  const lines = fakeDat(poolRun()).trimEnd().split('\n');
  // Faulty lines right after the first MEM line, in this order: fault k is line `memLine + 1 + k`.
  const memLine = lines.findIndex((l) => l.startsWith('MEM ')) + 1;
  const faults = [
    'MEM 0x1000 1700000000.05',
    'MEM 4.000000 1699999999.0000',
    'garbled line',
    'MEM 9999 soon',
    'MEM 9999 later',
    'MEM 9999 never',
    'MEM 10.000000 1700000000.0000 extra',
  ];
  lines.splice(memLine, 0, ...faults);
  const file = writeDat(work, 'faulty.dat', `${lines.join('\n')}\n`);
  const cleanFile = writeDat(work, 'clean.dat', poolRun());
  const n = (k: number): number => memLine + 1 + k;
  const expected = [
    `memprof: warning: ${file}: 4 malformed lines (lines ${n(2)}, ${n(3)}, ${n(4)} and 1 more): skipped; ` +
      `line ${n(2)}: not a recording line: 'garbled line'`,
    `memprof: warning: ${file}: 1 line with a number that is not decimal (line ${n(0)}): skipped (mprof's ` +
      `reader refuses them too); line ${n(0)}: memory value is not a decimal number: '0x1000'`,
    `memprof: warning: ${file}: 1 line with extra fields (line ${n(6)}): read without them, as mprof reads them`,
    `memprof: warning: ${file}: 1 line with a timestamp going backwards (line ${n(1)}): read as they are ` +
      '(was the clock set back while recording?), so times around them are out of order',
  ];
  const plot = (io: Io): Promise<number> => plotCommand(plotOptions(io, [file], { output: join(work, 'faulty.svg') }));
  const verbs: Array<[string, (io: Io) => number | Promise<number>]> = [
    ['peak', peakVerb([file])],
    ['check', checkVerb(file, { maxPeak: '1GiB' })],
    ['diff', diffVerb(file, cleanFile)],
    ['plot', plot],
  ];
  for (const [verb, run] of verbs) {
    const r = await runVerb(run, { cwd: work });
    assert.equal(r.code, 0, `${verb}: ${r.stderr}`);
    assert.deepEqual(
      r.stderr.split('\n').filter((l) => l.includes(': warning: ')),
      expected,
      verb,
    );
  }
  // Read besides the clean file's lines: the one back in time (4 MiB) and the one with an extra field (10 MiB,
  // as the first tick), both below every peak.
  const peaks = async (f: string): Promise<unknown> => {
    const doc = JSON.parse((await runVerb(peakVerb([f], { json: true }))).stdout);
    return [doc.peakTotalBytes, doc.processes.map((p: { peakBytes: number }) => p.peakBytes)];
  };
  assert.deepEqual(await peaks(file), await peaks(cleanFile));
  const json = JSON.parse((await runVerb(peakVerb([file], { json: true }))).stdout);
  assert.deepEqual(
    json.warnings,
    expected.map((w) => w.slice(`memprof: warning: ${file}: `.length)),
  );
});
