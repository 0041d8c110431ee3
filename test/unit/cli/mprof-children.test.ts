import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command } from 'commander';
import { addMprofChildrenOption, mprofChildrenFrom } from '../../../src/cli/mprof-children.js';
import { MemprofError } from '../../../src/errors.js';

const usage = (e: unknown): boolean => e instanceof MemprofError && e.exitCode === 2;

/** What a verb's action would receive for these arguments. */
function parsed(args: string[]): Record<string, unknown> {
  const command = addMprofChildrenOption(new Command('peak').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts();
}

test('--mprof-children: auto by default, included and separate as given', () => {
  assert.equal(mprofChildrenFrom(parsed([])), 'auto');
  assert.equal(mprofChildrenFrom(parsed(['--mprof-children', 'included'])), 'included');
  assert.equal(mprofChildrenFrom(parsed(['--mprof-children=separate'])), 'separate');
  assert.equal(mprofChildrenFrom({}), 'auto');
});

test('--mprof-children: anything else is a usage error naming the choices', () => {
  assert.throws(
    () => mprofChildrenFrom(parsed(['--mprof-children', 'yes'])),
    (e: unknown) =>
      usage(e) &&
      /invalid --mprof-children 'yes'/.test((e as MemprofError).message) &&
      /auto, included or separate/.test((e as MemprofError).hint ?? ''),
  );
});

test('--help explains what the option decides and that memprof files ignore it', () => {
  const command = addMprofChildrenOption(new Command('peak'));
  let help = '';
  command.configureOutput({
    writeOut: (s) => {
      help += s;
    },
  });
  command.outputHelp();
  assert.match(help, /--mprof-children <how>/);
  assert.match(help, /auto \(default\) infers it from the samples/);
  assert.match(help, /memprof's own recordings say it in their header: for\s+them the option is ignored/);
});
