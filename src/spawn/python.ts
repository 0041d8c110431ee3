/** The interpreter memprof puts before a Python script (mprof uses the one it runs on). */
export const PYTHON = 'python3';

/**
 * mprof's rule for `mprof run script.py`: a program whose name ends in `.py` is run with Python. memprof
 * applies it only to a file that exists, so a missing one keeps the "command not found" error and its
 * hint. Returns the command line to start, or null when the rule does not apply.
 */
export function pythonScriptCommand(command: string[], isFile: (path: string) => boolean): string[] | null {
  const program = command[0];
  return program?.endsWith('.py') && isFile(program) ? [PYTHON, ...command] : null;
}
