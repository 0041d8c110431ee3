// import() of a package left out of the bundle (vega, vega-lite). bin/memprof.js runs the bundle through
// node:vm, from V8's code cache, where Node 20 has no import() of its own: the bin hands its import() in.

/** Set by scripts/bundle.mjs to the bin's import(); absent in tsc's output, which imports for itself. */
declare const BUNDLE_IMPORT: ((specifier: string) => Promise<unknown>) | undefined;

export function importPackage<T>(specifier: string): Promise<T> {
  return (typeof BUNDLE_IMPORT === 'function' ? BUNDLE_IMPORT(specifier) : import(specifier)) as Promise<T>;
}
