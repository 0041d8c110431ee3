// `npm run bench -- [options]`: the options, parsed by commander (`--help` lists them). The CPU section ends
// with the steady state (seconds 30-90 of longer runs), on which the CPU targets are judged; --quick leaves it
// out (and judges on the first window). --long: RSS over 600 s instead of 60 (the churning tree of rss and
// the idle tree of whole-run).
import { Command, InvalidArgumentError } from 'commander';

export const SECTIONS = ['cpu', 'scale', 'startup', 'rss', 'peak', 'whole-run'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  only: Set<Section>;
  /** Alternating runs of each contender; the tables show medians. */
  runs: number;
  /** Seconds of each run left out before the CPU window: start-up, and the JIT's first compilations. */
  warmupSeconds: number;
  /** CPU window in seconds. */
  windowSeconds: number;
  /** A CPU window once start-up has settled (seconds 30-90 of longer runs); null with --quick. */
  steady: { warmupSeconds: number; windowSeconds: number } | null;
  /** RSS-flatness run length in seconds: 60 by default, 600 with --long. */
  rssSeconds: number;
  peakLines: number;
  /** Sizes in GB of the generated recordings `peak` reads whole (--big-gb 0: none). */
  bigGb: number[];
  /** Bystander counts for the scaling section. */
  bystanders: number[];
}

const STEADY = { warmupSeconds: 30, windowSeconds: 60 };

interface Parsed {
  only: Section[];
  runs: number;
  warmup: number;
  window: number;
  quick?: true;
  long?: true;
  rssSeconds?: number;
  lines: number;
  bigGb: number[];
  bystanders: number[];
}

/** The bench's command line: --help prints the usage, and a bad option ends with a one-line error (exit 2). */
export function benchProgram(): Command {
  return new Command('bench')
    .description(
      'memprof against mprof (python3-mprof, when installed): markdown tables of medians and ratios, then the targets',
    )
    .option('--only <sections>', `sections to run, comma-separated: ${SECTIONS.join(', ')}`, sections, [...SECTIONS])
    .option('--runs <n>', 'alternating runs of each contender', positive, 3)
    .option('--warmup <seconds>', 'seconds of each CPU run left out before its window', positive, 2)
    .option('--window <seconds>', 'CPU window in seconds', positive, 10)
    .option('--quick', 'no steady-state CPU window (seconds 30-90): the CPU targets are judged on the first one')
    .option('--long', 'RSS over 600 s instead of 60')
    .option('--rss-seconds <seconds>', 'RSS over this many seconds (instead of 60, or --long)', positive)
    .option('--lines <n>', 'lines of the recording the peak section reads', positive, 1_000_000)
    .option('--big-gb <sizes>', 'sizes in GB of the large recordings peak reads whole (0: none)', numbers(0), [1, 4])
    .option('--bystanders <counts>', 'idle processes outside the tree, per scaling run', numbers(0), [0, 100, 1000])
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`bench: ${text.replace(/^error: /, '')}`) });
}

/** The options of argv (without node and the script); throws commander's error after printing it. */
export function parseArgs(argv: string[]): BenchOptions {
  const parsed = benchProgram().parse(argv, { from: 'user' }).opts<Parsed>();
  return {
    only: new Set(parsed.only),
    runs: parsed.runs,
    warmupSeconds: parsed.warmup,
    windowSeconds: parsed.window,
    steady: parsed.quick ? null : STEADY,
    rssSeconds: parsed.rssSeconds ?? (parsed.long ? 600 : 60),
    peakLines: parsed.lines,
    bigGb: parsed.bigGb.filter((gb) => gb > 0),
    bystanders: parsed.bystanders,
  };
}

function sections(text: string): Section[] {
  return text.split(',').map((name) => {
    if (!(SECTIONS as readonly string[]).includes(name))
      throw new InvalidArgumentError(`unknown section ${name}: one of ${SECTIONS.join(', ')}`);
    return name as Section;
  });
}

function positive(text: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new InvalidArgumentError(`a positive number, got ${text}`);
  return n;
}

/** A comma-separated list of numbers, each at least min. */
function numbers(min: number): (text: string) => number[] {
  return (text) =>
    text.split(',').map((part) => {
      const n = Number(part);
      if (part.trim() === '' || !(n >= min)) throw new InvalidArgumentError(`numbers of at least ${min}, got ${text}`);
      return n;
    });
}
