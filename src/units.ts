import { usageError } from './errors.js';

export const MiB = 1024 * 1024;

// GNU convention: K/M/G/T and KiB/MiB/... are powers of 1024; KB/MB/GB/TB are powers of 1000.
const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  ki: 1024,
  kib: 1024,
  kb: 1e3,
  m: 1024 ** 2,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  mb: 1e6,
  g: 1024 ** 3,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  gb: 1e9,
  t: 1024 ** 4,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  tb: 1e12,
};

export const SIZE_HELP = 'sizes: 512MiB or 512M = 512*2^20 bytes, 512MB = 512*10^6 bytes, plain numbers are bytes';

/** Parse a size such as `1.5GiB`, `512MB`, `1G` or `1048576` into bytes. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  if (!match || unit === undefined) {
    throw usageError(`invalid size '${text}'`, SIZE_HELP);
  }
  return Math.round(Number(match[1]) * unit);
}

/** The longest duration a Node timer can wait. */
export const MAX_DURATION_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Parse a duration in seconds: `0.01`, `10ms`, `2s`, `1m`. Returns seconds. */
export function parseDuration(text: string, what = 'duration'): number {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s|m|min)?\s*$/.exec(text);
  if (!match) throw usageError(`invalid ${what} '${text}'`, 'use seconds (0.01) or a unit: 10ms, 2s, 1m');
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const seconds = unit === 'ms' ? value / 1000 : unit === 's' ? value : value * 60;
  if (!(seconds > 0)) throw usageError(`${what} must be greater than zero, got '${text}'`);
  // Node's timers hold at most 2^31-1 ms; a longer one fires at once (1 ms) instead of never.
  if (seconds > MAX_DURATION_SECONDS)
    throw usageError(`${what} must be at most ${MAX_DURATION_SECONDS} s (24 days), got '${text}'`);
  return seconds;
}

/** Human size for summaries: `612 MiB`, `1.21 GiB`. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (abs >= 10 * MiB) return `${Math.round(bytes / MiB)} MiB`;
  if (abs >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  return `${bytes} B`;
}

/** A sampling period: `10 ms`, `0.5 ms` under a second, else as formatSeconds. */
export function formatPeriod(seconds: number): string {
  return seconds < 1 ? `${Number((seconds * 1000).toPrecision(3))} ms` : formatSeconds(seconds);
}

/** Seconds for summaries: `3.4 s`, `0.012 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds === 0) return '0 s';
  return seconds >= 10
    ? `${seconds.toFixed(1)} s`
    : seconds >= 0.1
      ? `${seconds.toFixed(2)} s`
      : `${seconds.toFixed(3)} s`;
}

/** A change in percent, signed: `+12.5%`, `-3.0%`; growth from nothing is `+inf%`. */
export function formatPercentChange(percent: number): string {
  if (!Number.isFinite(percent)) return '+inf%';
  return `${percent >= 0 ? '+' : ''}${percent.toFixed(1)}%`;
}

/** A rate of growth: `+1.5 MiB/s`, `-512 KiB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${bytesPerSecond >= 0 ? '+' : '-'}${formatBytes(Math.abs(bytesPerSecond))}/s`;
}

/** MiB with three decimals, as mprof's `peak` prints them (scripts read that first field). */
export function formatMprofMiB(bytes: number): string {
  const mib = bytes / MiB;
  const thousandths = mib * 1000;
  const below = Math.floor(thousandths);
  // Python rounds an exact tie to the even digit, toFixed upwards: mprof prints 1976.0625 as 1976.062.
  const toEven = thousandths - below === 0.5 && below % 2 === 0;
  return `${(toEven ? below / 1000 : mib).toFixed(3)} MiB`;
}

/** A figure a table shows as `-` where there is none. */
export function orDash<T>(value: T | null, format: (value: T) => string): string {
  return value === null ? '-' : format(value);
}

/** `1 process`, `3 processes`. */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Which run of a file this is, for a file that holds several: `run 2/3`; '' for a file of one run. */
export function runOf(run: number, runs: number): string {
  return runs > 1 ? `run ${run}/${runs}` : '';
}

/** Bytes as MiB to three decimals, as a number (for machine-read figures such as benchmark entries). */
export function mibValue(bytes: number): number {
  return Math.round((bytes / MiB) * 1000) / 1000;
}
