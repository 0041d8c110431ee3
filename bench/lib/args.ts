// `npm run bench -- [--only cpu,scale,startup,rss,peak,whole-run] [--runs 3] [--warmup 2] [--window 10] [--quick]
//    [--long] [--lines N] [--big-gb 1,4]`
// The CPU section ends with the steady state (seconds 30-90 of longer runs), on which the CPU targets are
// judged; --quick leaves it out (and judges on the first window). --long: RSS over 600 s instead of 60
// (the churning tree of rss and the idle tree of whole-run).

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

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    only: new Set(SECTIONS),
    runs: 3,
    warmupSeconds: 2,
    windowSeconds: 10,
    steady: { warmupSeconds: 30, windowSeconds: 60 },
    rssSeconds: 60,
    peakLines: 1_000_000,
    bigGb: [1, 4],
    bystanders: [0, 100, 1000],
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--only') options.only = new Set(value().split(',').map(section));
    else if (flag === '--runs') options.runs = positive(flag, value());
    else if (flag === '--window') options.windowSeconds = positive(flag, value());
    else if (flag === '--warmup') options.warmupSeconds = positive(flag, value());
    else if (flag === '--long') options.rssSeconds = 600;
    else if (flag === '--quick') options.steady = null;
    else if (flag === '--rss-seconds') options.rssSeconds = positive(flag, value());
    else if (flag === '--lines') options.peakLines = positive(flag, value());
    else if (flag === '--big-gb')
      options.bigGb = value()
        .split(',')
        .map(Number)
        .filter((gb) => gb > 0);
    else if (flag === '--bystanders')
      options.bystanders = value()
        .split(',')
        .map((v) => Number(v));
    else throw new Error(`unknown option ${flag}; see bench/lib/args.ts`);
  }
  return options;
}

function section(name: string): Section {
  if (!(SECTIONS as readonly string[]).includes(name))
    throw new Error(`unknown section ${name}: one of ${SECTIONS.join(', ')}`);
  return name as Section;
}

function positive(flag: string, text: string): number {
  const n = Number(text);
  if (!(n > 0)) throw new Error(`${flag} needs a positive number, got ${text}`);
  return n;
}
