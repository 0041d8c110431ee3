import type { Command } from 'commander';
import type { RunState } from '../cli.js';
import { addExitStatus } from './exit-status.js';

export function registerMark(program: Command, state: RunState): void {
  const mark = program
    .command('mark')
    .summary('mark the start of a phase in the run')
    .description(
      'record a phase marker, now, in the recording of the `memprof run` this process is a descendant of ' +
        '(found through the environment, from any depth of the tree); peak reports each phase, plot draws it',
    )
    .argument('<label...>', 'the phase that begins (words are joined by spaces)');
  addExitStatus(mark, [
    ['0', 'when the marker was handed to the run'],
    ['2', 'when this process is not inside a `memprof run` (no MEMPROF_CHANNEL in its environment)'],
    ['1', 'when the run it belongs to is over, or did not take the marker within a second'],
  ]).action(async (label: string[]) => {
    const { markCommand } = await import('../commands/mark.js');
    state.code = markCommand({ label: label.join(' ') });
  });
}
