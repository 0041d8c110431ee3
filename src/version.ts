import { readFileSync } from 'node:fs';

/** Set by scripts/bundle.mjs to package.json's version; absent in tsc's output. */
declare const MEMPROF_BUNDLED_VERSION: string | undefined;

/** The package version: built into the bundle, else read once from package.json beside dist/. */
export const VERSION: string = typeof MEMPROF_BUNDLED_VERSION === 'string' ? MEMPROF_BUNDLED_VERSION : packageVersion();

function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
