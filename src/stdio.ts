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
 * Make now the standard streams that are pipes or sockets, before a command that shares them starts: Node
 * sets O_NONBLOCK on such a stream's open file when it makes it, and made later (memprof's first note, its
 * summary) that would make the command's large writes fail with EAGAIN. Made before, libuv's spawn sets
 * them blocking again for the child. A file or a terminal keeps its stream lazy: its flags never change.
 */
export function makeSharedStreams(): void {
  for (const fd of [1, 2] as const) {
    let stat: Stats;
    try {
      stat = fstatSync(fd);
    } catch {
      continue; // closed
    }
    if (stat.isFIFO() || stat.isSocket()) void (fd === 1 ? process.stdout : process.stderr);
  }
}
