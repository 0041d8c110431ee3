import type { Command } from 'commander';

// Every verb ends its --help with the same table, so a user (and a test) finds each code the verb can give.

/** One row: the code as the user sees it (`3`, `128+N`) and when the verb gives it. */
export type ExitRow = readonly [code: string, when: string];

/** What every verb that prints on stdout gives when stdout fails; a reader that stops early is no failure. */
export const STDOUT_UNWRITABLE: ExitRow = [
  '1',
  'when standard output cannot be written (a reader that stops early, as head does, is no error)',
];

/** The table's heading; the rows follow, two spaces in, each code in the first column. */
export const EXIT_STATUS_HEADING = 'Exit status:';

/** The help text's width: the other paragraphs after the options are wrapped by hand to about this. */
const COLUMNS = 106;

export function exitStatusText(rows: readonly ExitRow[]): string {
  const width = Math.max(...rows.map(([code]) => code.length));
  const indent = ' '.repeat(2 + width + 2);
  const lines = rows.map(([code, when]) => `  ${code.padEnd(width)}  ${wrap(when, COLUMNS - indent.length, indent)}`);
  return `\n${EXIT_STATUS_HEADING}\n${lines.join('\n')}`;
}

/** Words into lines of at most `columns` characters; the lines after the first start with `indent`. */
function wrap(text: string, columns: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

/** Append the table after everything else the verb's --help says: made only when help is shown. */
export function addExitStatus(command: Command, rows: readonly ExitRow[]): Command {
  return command.addHelpText('after', () => exitStatusText(rows));
}
