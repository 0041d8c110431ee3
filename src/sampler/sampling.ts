import {
  restoreSession,
  sessionState,
  tickFunction,
  type PeriodNote,
  type SamplingSetup,
  type Session,
} from './session.js';
import { threadStartDelayMs } from './select.js';
import { SamplingThread, type ThreadOutcome } from './thread.js';
import { Ticker } from './ticker.js';

/**
 * Runs a recording's ticks. They start at once on the main thread's timers; with a plan (the procfs
 * source), a sampling thread starts beside them once the run has lasted long enough to pay for it
 * (`threadAfterMs`, threadStartDelayMs by default) and, once it is up, takes the session over at a tick boundary and ticks from
 * Atomics.wait with no event loop in between: cheaper on every tick than the same reads from timers
 * (bench/cpu.ts compares the two). The main thread is left to wait for the command, forward signals and
 * time out. A period lengthened for a large tree (on either thread) goes to `onPeriod`.
 */
export class Sampling {
  private readonly ticker: Ticker;
  private thread: SamplingThread | null = null;
  private threadTimer: NodeJS.Timeout | undefined;
  private onThread = false;
  private stopping = false;
  failure: string | null = null;

  constructor(
    private setup: SamplingSetup,
    intervalMs: number,
    private readonly report: (failure: string) => void,
    private readonly threadAfterMs = threadStartDelayMs(intervalMs),
    private readonly onPeriod: (note: PeriodNote) => void = () => {},
  ) {
    const { session } = setup;
    this.ticker = new Ticker(
      () => session.period.ms,
      tickFunction(session, (error) => this.fail(error), onPeriod),
    );
  }

  start(): void {
    this.ticker.start();
    if (this.setup.plan === null) return;
    this.threadTimer = setTimeout(() => this.startThread(), this.threadAfterMs);
  }

  private startThread(): void {
    this.thread = SamplingThread.start((news) => this.onPeriod(news.note));
    void this.thread?.ready.then(() => this.handOff());
    void this.thread?.ended.then((outcome) => this.ended(outcome));
  }

  /** Stop sampling; the session as it is now (rebuilt from the thread's state when the thread sampled). */
  async stop(): Promise<Session> {
    this.stopping = true;
    clearTimeout(this.threadTimer);
    if (!this.onThread) {
      this.thread?.cancel();
      await this.ticker.stop();
      return this.setup.session;
    }
    const outcome = await this.thread!.stop();
    this.ended(outcome);
    const { plan } = this.setup;
    if (outcome.type === 'stopped' && plan !== null)
      this.setup = { session: restoreSession(plan, outcome.state), plan };
    return this.setup.session;
  }

  /**
   * Right after the main thread's next tick, so the thread has most of an interval to take the session
   * before its first slot (handed over mid-interval, its first tick could come late).
   */
  private handOff(): void {
    const setup = this.setup;
    if (this.stopping || this.failure !== null || setup.plan === null) return;
    void this.ticker.haltAfterTick().then((position) => {
      this.thread!.handOff({
        plan: setup.plan,
        state: sessionState(setup.session),
        position,
      });
      this.onThread = true;
    });
  }

  /** The thread stopped: a failure it met (or its death, once it held the session) ends the recording. */
  private ended(outcome: ThreadOutcome): void {
    if (!this.onThread) return; // a thread that never took over changes nothing
    if (outcome.type === 'crashed') this.fail(new Error(`the sampling thread failed (${outcome.message})`));
    else if (outcome.failure !== null) this.fail(outcome.failure);
  }

  private fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure = error instanceof Error ? error.message : String(error);
    if (!this.onThread) void this.ticker.stop();
    this.report(this.failure);
  }
}
