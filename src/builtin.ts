// Node's own modules, loaded where they are first used. The bundle is CommonJS inside, where every import
// runs as the bundle starts, so a module that only some runs need is loaded through here; and not through
// node:module's createRequire, whose module loads four more of Node's at once.

/** Set by scripts/bundle.mjs to the bundle's require; absent in tsc's output (ESM), which has none. */
declare const BUNDLE_REQUIRE: ((id: string) => unknown) | undefined;

type GetBuiltinModule = (id: string) => unknown;

/** Node's module `id` (such as 'node:tty'), loaded by this call if nothing loaded it before. */
export function builtin<T>(id: string): T {
  if (typeof BUNDLE_REQUIRE === 'function') return BUNDLE_REQUIRE(id) as T;
  // Node 20.16 and later; only tsc's output, which the tests run, comes here.
  const get = (process as { getBuiltinModule?: GetBuiltinModule }).getBuiltinModule;
  if (get === undefined) throw new Error(`cannot load ${id}: this Node has no process.getBuiltinModule`);
  return get(id) as T;
}
