import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, type Option } from 'commander';
import { buildProgram } from '../../../src/cli.js';
import { EXIT_STATUS_HEADING } from '../../../src/cli/exit-status.js';
import { addRecordOptions, recordOptionsFrom } from '../../../src/cli/record-options.js';
import { PERIOD_BUDGET } from '../../../src/sampler/period.js';

// Each verb's exit codes, read from its code path (src/commands/<verb>.ts, the errors it can throw, and
// src/main.ts: commander's usage errors are 2, a stdout that cannot be written is 1). Written out here
// so that a code the help leaves out, or one it names that the verb cannot give, fails the test.
const EXIT_CODES: Record<string, string[]> = {
  run: ['N', '128+N', '127', '126', '124', '3', '2', '1'],
  attach: ['0', '3', '2', '1', '128+N'],
  peak: ['0', '2', '1'],
  check: ['0', '3', '2', '1'],
  diff: ['0', '2', '1'],
  list: ['0', '2', '1'],
  rm: ['0', '2', '1'],
  clean: ['0', '2', '1'],
  plot: ['0', '2', '1'],
  export: ['0', '2', '1'],
  mark: ['0', '2', '1'],
};

/** Options whose absence is their meaning (no budget, no summary): they need not name a default. */
const OFF_UNLESS_GIVEN = new Set(['--max-peak', '--max-process-peak', '--baseline', '--max-increase', '--summary']);

function program(): Command {
  return buildProgram({ code: 0 });
}

/** What `memprof <verb> --help` prints, at the 80 columns commander uses when stdout is not a terminal. */
function helpOf(command: Command): string {
  let help = '';
  command.configureOutput({
    writeOut: (text) => {
      help += text;
    },
    getOutHelpWidth: () => 80,
  });
  command.outputHelp();
  return help;
}

/** The codes in the help's exit status table: the first word of each row under the heading. */
function exitCodesIn(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(EXIT_STATUS_HEADING);
  assert.notEqual(start, -1, 'the help has an exit status table');
  const codes: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '') break;
    const row = /^ {2}(\S+) {2}/.exec(line);
    if (row) codes.push(row[1]!);
    else assert.match(line, /^ {4,}\S/, `a row's continuation is indented: ${line}`);
  }
  return codes;
}

function verbs(): readonly Command[] {
  return program().commands;
}

test('the test knows every verb memprof has, and no other', () => {
  assert.deepEqual(
    verbs()
      .map((c) => c.name())
      .sort(),
    Object.keys(EXIT_CODES).sort(),
  );
});

test('each verb --help lists exactly the exit codes the verb can give', () => {
  for (const verb of verbs()) {
    const codes = exitCodesIn(helpOf(verb));
    assert.deepEqual([...codes].sort(), [...EXIT_CODES[verb.name()]!].sort(), verb.name());
    assert.equal(new Set(codes).size, codes.length, `${verb.name()}: each code once`);
  }
});

test('each verb --help lists every option the verb accepts', () => {
  for (const verb of verbs()) {
    const help = helpOf(verb);
    for (const option of verb.options) {
      assert.ok(help.includes(option.flags), `${verb.name()} --help lists ${option.flags}`);
      assert.ok(option.description.length > 0, `${verb.name()} ${option.flags} says what it does`);
    }
  }
});

test('each option that takes a value says its default, or is off unless given', () => {
  const takesValue = (o: Option): boolean => o.required || o.optional;
  for (const verb of verbs()) {
    for (const option of verb.options.filter(takesValue)) {
      const ignored = option.description.startsWith('accepted for mprof compatibility');
      if (ignored || OFF_UNLESS_GIVEN.has(option.long!)) continue;
      const saysDefault = option.defaultValue !== undefined || /default/.test(option.description);
      assert.ok(saysDefault, `${verb.name()} ${option.flags} names its default`);
    }
  }
});

test('no help line is over 120 characters, and the overview gives one line per verb', () => {
  const overview = helpOf(program());
  for (const help of [overview, ...verbs().map(helpOf)]) {
    for (const line of help.split('\n')) assert.ok(line.length <= 120, line);
  }
  for (const verb of verbs()) {
    const line = overview.split('\n').find((l) => l.startsWith(`  ${verb.name()} `));
    assert.ok(line?.endsWith(verb.summary()), `one line for ${verb.name()}: ${line}`);
  }
  assert.match(overview, /memprof <verb> --help gives .* its exit codes/);
});

/** What a recording verb's action would receive for these flags. */
function recordFlags(args: string[]): Record<string, unknown> {
  const command = addRecordOptions(new Command('run').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts();
}

test('every choice commander offers for the recording flags is accepted', () => {
  const withChoices = addRecordOptions(new Command('run')).options.filter((o) => o.argChoices !== undefined);
  assert.deepEqual(withChoices.map((o) => o.long).sort(), ['--metric', '--source']);
  for (const option of withChoices) {
    for (const choice of option.argChoices!) {
      assert.doesNotThrow(() => recordOptionsFrom(recordFlags([option.long!, choice])), `${option.long} ${choice}`);
    }
  }
});

test('every --backend the help names is accepted, and tracemalloc, which is refused, is not named', () => {
  const backend = addRecordOptions(new Command('run')).options.find((o) => o.long === '--backend')!;
  const named = ['psutil', 'posix', 'psutil_pss', 'psutil_uss'];
  for (const name of named) {
    assert.match(backend.description, new RegExp(`\\b${name}\\b`));
    assert.doesNotThrow(() => recordOptionsFrom(recordFlags(['--backend', name])), name);
  }
  assert.doesNotMatch(helpOf(program().commands.find((c) => c.name() === 'run')!), /tracemalloc/);
  assert.throws(() => recordOptionsFrom(recordFlags(['--backend', 'tracemalloc'])));
});

test('a program built for one verb has only that verb, whose --help is the one the full program gives', () => {
  for (const name of Object.keys(EXIT_CODES)) {
    const alone = buildProgram({ code: 0 }, name);
    assert.deepEqual(
      alone.commands.map((c) => c.name()),
      [name],
    );
    const full = program().commands.find((c) => c.name() === name)!;
    assert.equal(helpOf(alone.commands[0]!), helpOf(full), `${name} --help`);
  }
  for (const other of [undefined, 'help', '--help', '-V', 'rnu', 'constructor', 'toString']) {
    assert.equal(buildProgram({ code: 0 }, other).commands.length, Object.keys(EXIT_CODES).length, String(other));
  }
});

test('--interval says the CPU budget the sampler keeps to, and --fixed-interval turns it off', () => {
  const help = helpOf(addRecordOptions(new Command('run'))).replace(/\s+/g, ' ');
  assert.ok(help.includes(`within ${Math.round(PERIOD_BUDGET * 100)}% of a core`), help);
  assert.equal(recordOptionsFrom({ fixedInterval: true, source: 'auto' }).fixedInterval, true);
  assert.equal(recordOptionsFrom({ source: 'auto' }).fixedInterval, false);
});
