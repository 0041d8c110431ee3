/** Exit codes memprof itself uses; a target's own exit code passes through unchanged. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  budget: 3,
  timeout: 124,
  notFound: 127,
} as const;

export interface MemprofErrorOptions {
  exitCode?: number;
  hint?: string;
  cause?: unknown;
}

/** The one error type users see: a one-line message, an optional hint, and the exit code it carries. */
export class MemprofError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, options: MemprofErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MemprofError';
    this.exitCode = options.exitCode ?? EXIT.failure;
    this.hint = options.hint;
  }
}

/** A usage error: exit 2 with a hint, like commander's own. */
export function usageError(message: string, hint?: string): MemprofError {
  return new MemprofError(message, { exitCode: EXIT.usage, hint });
}

/** Words for a failed file operation; when writing, ENOENT means the directory is missing. */
export function fsReason(error: unknown, writing = false): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return writing ? 'its directory does not exist' : 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of its path is not a directory';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return code ?? String(error);
  }
}
