import { DatWriter, type WriterState } from '../format/writer.js';
import { ProcfsSource, type Cadence, type ProcfsState } from '../platform/procfs/source.js';
import { threadCpuMs } from '../platform/procfs/thread-cpu.js';
import { AdaptivePeriod, type PeriodState } from './period.js';
import { Recorder, type RecorderOptions, type RecorderState } from './recorder.js';
import { ProbeChannel, type ChannelState } from '../probe/channel.js';
import { epochMs } from '../clock.js';
import type { ProcessSource, SourceOptions, TickResult } from '../platform/types.js';

/** What a recording's sampling works on: where processes are read, what turns ticks into lines, the file. */
export interface Session {
  source: ProcessSource;
  recorder: Recorder;
  writer: DatWriter;
  /** The run's channel (Node heaps, marks), read at every tick; absent for `attach`. */
  probes?: ProbeChannel | null;
  period: AdaptivePeriod;
}

/** How a procfs session is built, as plain data, so another thread can rebuild it. */
export interface SessionPlan {
  source: SourceOptions;
  cadence: Cadence;
  intervalSeconds: number;
  /** The share of a core past which the period lengthens for a large tree; null: fixed (`--fixed-interval`). */
  periodBudget: number | null;
  recorder: RecorderOptions;
  /** The run's channel as it was when the session was made. */
  probes?: ChannelState | null;
}

/** A procfs session's state between two ticks, as plain data (its fds stay valid in every thread). */
export interface SessionState {
  source: ProcfsState;
  recorder: RecorderState;
  writer: WriterState;
  probes?: ChannelState | null;
  period: PeriodState;
}

/** A session that can move to the sampling thread and back: procfs's, whose fds are the whole process's. */
export interface MovableSession extends Session {
  source: ProcfsSource;
}

/** What sampling starts from: a session, and when it can move to the sampling thread, the plan to rebuild it. */
export type SamplingSetup = { session: Session; plan: null } | { session: MovableSession; plan: SessionPlan };

export function procfsSession(plan: SessionPlan, writer: DatWriter, state?: SessionState): MovableSession {
  const source = new ProcfsSource(plan.source, plan.cadence, plan.intervalSeconds, state?.source);
  const recorder = new Recorder((text) => writer.write(text), plan.recorder, state?.recorder);
  const channel = state === undefined ? plan.probes : state.probes;
  const clock = plan.periodBudget === null ? null : threadCpuMs;
  const budget = plan.periodBudget ?? undefined;
  const period = new AdaptivePeriod(plan.intervalSeconds * 1000, clock, state?.period, budget);
  return { source, recorder, writer, probes: channel ? ProbeChannel.adopt(channel) : null, period };
}

export function sessionState(session: MovableSession): SessionState {
  return {
    source: session.source.state,
    recorder: session.recorder.state,
    writer: session.writer.state,
    probes: session.probes?.state ?? null,
    period: session.period.state,
  };
}

/** Rebuild a procfs session from its state: the same process, another thread (or back on the main one). */
export function restoreSession(plan: SessionPlan, state: SessionState): MovableSession {
  return procfsSession(plan, DatWriter.adopt(state.writer), state);
}

/**
 * The period lengthened or came back (`seconds`), with this many processes tracked, to keep within `budget`
 * (a share of a core): for a note on stderr.
 */
export interface PeriodNote {
  seconds: number;
  requestedSeconds: number;
  processes: number;
  budget: number;
}

/**
 * The tick function: read the tree, weigh the period, write its lines; made once, so a tick allocates no
 * closure. The timestamp is taken before the reads. A changed period is written with the tick that changed
 * it and goes to `onPeriod`. A failure (a write that failed) goes to `onError`; a portable tick that failed
 * (`ps` did not answer) is only a missed tick.
 */
export function tickFunction(
  session: Session,
  onError: (error: unknown) => void,
  onPeriod: (note: PeriodNote) => void = () => {},
): () => void | Promise<void> {
  const { source, recorder, period } = session;
  const probes = session.probes ?? null;
  const record = (time: number, result: TickResult): void => {
    try {
      const changed = period.observe(epochMs());
      if (changed !== null) {
        source.periodChanged?.(changed / 1000);
        recorder.periodChanged(changed / 1000, time);
        const requestedSeconds = period.requestedMs / 1000;
        onPeriod({ seconds: changed / 1000, requestedSeconds, processes: recorder.live, budget: period.budget });
      }
      recorder.record(time, result, undefined, probes?.drain());
    } catch (error) {
      onError(error);
    }
  };
  return () => {
    const time = epochMs() / 1000;
    try {
      const result = source.tick();
      if (result instanceof Promise)
        return result.then(
          (r) => record(time, r),
          () => undefined,
        );
      record(time, result);
    } catch (error) {
      onError(error);
    }
  };
}
