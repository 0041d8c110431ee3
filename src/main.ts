import { buildProgram } from './cli.js';
import { MemprofError, EXIT } from './errors.js';
import { CommanderError } from 'commander';

/** Parse, run the verb, and turn every outcome into an exit code: the only place that sets it. */
async function main(argv: string[]): Promise<number> {
  const state: { code: number } = { code: EXIT.ok };
  const program = buildProgram(state);
  try {
    await program.parseAsync(argv);
    return state.code;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its message; help and version are successes.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (error.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (error instanceof MemprofError) {
    process.stderr.write(`memprof: ${error.message}\n`);
    if (error.hint) process.stderr.write(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`memprof: internal error (please report it): ${message}\n`);
  return EXIT.failure;
}

process.exitCode = await main(process.argv);
