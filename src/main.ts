import { buildProgram } from './cli.js';
import { MemprofError, EXIT } from './errors.js';
import { onStdoutFailure, onStreamMade, stderr } from './stdio.js';
import { CommanderError } from 'commander';

/** Parse, run the verb, and turn every outcome into an exit code: the only place that sets it. */
async function main(argv: string[]): Promise<number> {
  const state: { code: number } = { code: EXIT.ok };
  const program = buildProgram(state, argv[2]);
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
    // `memprof help` asked for it; a bare `memprof` (no verb: an empty $VERB in a script) is a usage error.
    if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return EXIT.usage;
  }
  if (error instanceof MemprofError) {
    stderr.write(`memprof: ${error.message}\n`);
    if (error.hint) stderr.write(`hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`memprof: internal error (please report it): ${message}\n`);
  return EXIT.failure;
}

// A reader that stops early (`memprof peak | head -1`) closes the pipe: the rest is not wanted, and that
// is no error. Anything else on stdout is reported without a stack trace.
function stdoutFailed(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE')
    stderr.write(`memprof: cannot write to standard output (${error.code ?? error.message})\n`);
  process.exit(error.code === 'EPIPE' ? (process.exitCode ?? EXIT.ok) : EXIT.failure);
}
onStdoutFailure(stdoutFailed);
// process.stdout and stderr, where something makes them (the live view's terminal, Node's own code): the same.
onStreamMade('stdout', (stream) => stream.on('error', stdoutFailed));
onStreamMade('stderr', (stream) => stream.on('error', () => undefined));

void main(process.argv).then((code) => {
  process.exitCode = code;
});
