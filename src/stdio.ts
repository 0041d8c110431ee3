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
