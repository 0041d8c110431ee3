// Loaded with `node --import <this file>`: prints every package a process imports (one per line on
// stderr as `memprof-bench-load <name>`), so the start-up benchmark can show `run` does not load vega.
import { register } from 'node:module';

const hooks = `
const seen = new Set();
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  const m = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(result.url);
  if (m && !seen.has(m[1])) { seen.add(m[1]); process.stderr.write('memprof-bench-load ' + m[1] + '\\n'); }
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
