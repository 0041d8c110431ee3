// `npm run bench`: memprof against mprof (python3-mprof, when installed) on the workloads of lib/workloads.ts.
// Prints markdown tables of medians and ratios, then the targets; never asserts, never installs.
// Options: `npm run bench -- --help` (lib/args.ts).
import { execSync } from 'node:child_process';
import { CommanderError } from 'commander';
import { cpus } from 'node:os';
import { parseArgs, type BenchOptions } from './lib/args.js';
import { hasMprof } from './lib/contenders.js';
import { judgeCpu } from './lib/cpu-targets.js';
import { printTargets } from './lib/targets.js';
import { benchCpu } from './cpu.js';
import { benchBigPeak } from './big-peak.js';
import { benchPeak } from './peak.js';
import { benchRss } from './rss.js';
import { benchScale } from './scale.js';
import { benchStartup } from './startup.js';
import { benchSteady } from './steady.js';
import { benchWholeRun } from './whole-run.js';

function machine(): string {
  const python = execSync('python3 --version', { encoding: 'utf8' }).trim();
  const kernel = execSync('uname -r', { encoding: 'utf8' }).trim();
  const cores = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`;
  return `${cores}, Linux ${kernel}, Node ${process.version}, ${python}`;
}

/** The options, or null when --help was asked for or the command line is wrong (commander said so). */
function options(): BenchOptions | null {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return null;
  }
}

async function main(options: BenchOptions): Promise<void> {
  const withMprof = hasMprof();
  console.log(`## memprof benchmarks\n\nmachine: ${machine()}`);
  if (!withMprof)
    console.log('python3-mprof not found (apt-get install python3-memory-profiler): mprof columns are left empty');
  const started = performance.now();
  if (options.only.has('startup')) benchStartup(options, withMprof);
  if (options.only.has('peak')) {
    benchPeak(options, withMprof);
    benchBigPeak(options, withMprof);
  }
  if (options.only.has('cpu')) {
    const window = await benchCpu(options, withMprof);
    judgeCpu(window, await benchSteady(options, withMprof), options);
  }
  if (options.only.has('scale')) await benchScale(options, withMprof);
  if (options.only.has('rss')) await benchRss(options, withMprof);
  if (options.only.has('whole-run')) await benchWholeRun(options, withMprof);
  printTargets();
  console.log(`\n(${((performance.now() - started) / 60000).toFixed(1)} min)`);
}

const parsed = options();
if (parsed) await main(parsed);
