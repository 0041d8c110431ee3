import { fstatSync, type Stats } from 'node:fs';

/**
 * Calls `attach` with `owner[name]` when something first reads it, where that property is a configurable
 * getter (as Node's process.stdout and process.stderr are: Node makes the stream on first use, which costs a
 * short run a millisecond or two, and `run -q` never writes); at once otherwise. Reads after the first go to
 * the original getter again.
 */
export function onFirstUse<O extends object, K extends keyof O & string>(
  owner: O,
  name: K,
  attach: (value: O[K]) => void,
): void {
  const original = Object.getOwnPropertyDescriptor(owner, name);
  const get = original?.get;
  if (!original?.configurable || get === undefined) {
    attach(owner[name]);
    return;
  }
  Object.defineProperty(owner, name, {
    configurable: true,
    enumerable: original.enumerable ?? true,
    get() {
      Object.defineProperty(owner, name, original);
      const value = get.call(owner) as O[K];
      attach(value);
      return value;
    },
  });
}

/**
 * Calls `attach` with process.stdout or stderr: at once where it is a pipe or a socket, else when it is first
 * used. Node sets O_NONBLOCK on a pipe's or socket's open file when it makes the stream; made while a command
 * that shares it runs (memprof's first note, its summary), that would make the command's large writes fail
 * with EAGAIN, whereas made before, libuv's spawn sets it blocking again for the child. A file's or a
 * terminal's stream never changes the shared flags (libuv reopens a terminal), so it waits for its first use.
 */
export function onStreamUse<K extends 'stdout' | 'stderr'>(name: K, attach: (stream: NodeJS.Process[K]) => void): void {
  if (pipeOrSocket(name === 'stdout' ? 1 : 2)) attach(process[name]);
  else onFirstUse(process, name, attach);
}

function pipeOrSocket(fd: number): boolean {
  let stat: Stats;
  try {
    stat = fstatSync(fd);
  } catch {
    return false; // closed
  }
  return stat.isFIFO() || stat.isSocket();
}
