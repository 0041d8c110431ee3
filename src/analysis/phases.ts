import type { Marker } from '../format/types.js';

/** A largest value and when it was first reached (epoch seconds); -Infinity before any. */
export interface PhasePeak {
  bytes: number;
  time: number;
}

/** One phase's peaks: the total and the main process's own curve under each MEM reading, and each descendant's. */
export interface PhaseFigures {
  totals: [PhasePeak, PhasePeak];
  roots: [PhasePeak, PhasePeak];
  /** Descendants' peaks by process key. */
  processes: Map<string, PhasePeak>;
}

export const noPeak = (): PhasePeak => ({ bytes: -Infinity, time: NaN });

export const emptyFigures = (): PhaseFigures => ({
  totals: [noPeak(), noPeak()],
  roots: [noPeak(), noPeak()],
  processes: new Map(),
});

function raise(peak: PhasePeak, bytes: number, time: number): void {
  if (bytes > peak.bytes) {
    peak.bytes = bytes;
    peak.time = time;
  }
}

/**
 * The run's peaks phase by phase, the phases cut at the MARK lines' times: phase 0 runs from the start to
 * the first mark, phase k from mark k. A run without marks never pays for it: the tally starts at the first
 * mark from what the run's figures were then (everything before it is phase 0), and from there each tick and
 * sample goes to the phase its time falls in.
 */
export class PhaseTally {
  /** Sorted by time. */
  readonly marks: Marker[] = [];
  /** One more than the marks: phases[0] is before the first mark. */
  readonly phases: PhaseFigures[] = [];
  private cursor = 0;

  get active(): boolean {
    return this.phases.length > 0;
  }

  /** The first mark's arrival: `before` holds the figures of everything read until then. */
  start(before: PhaseFigures): void {
    this.phases.push(before);
  }

  mark(m: Marker): void {
    let at = this.marks.length;
    while (at > 0 && this.marks[at - 1]!.time > m.time) at--;
    this.marks.splice(at, 0, m);
    this.phases.splice(at + 1, 0, emptyFigures());
  }

  /** The phase holding `time`: how many marks are at or before it (times mostly grow: a cursor walks). */
  phaseAt(time: number): number {
    let k = Math.min(this.cursor, this.marks.length);
    while (k > 0 && this.marks[k - 1]!.time > time) k--;
    while (k < this.marks.length && this.marks[k]!.time <= time) k++;
    this.cursor = k;
    return k;
  }

  /** A closed tick: its total and the main process's own size (null: not read) under each reading. */
  tick(time: number, totals: [number, number], own: [number | null, number | null]): void {
    const phase = this.phases[this.phaseAt(time)]!;
    for (const r of [0, 1] as const) {
      raise(phase.totals[r], totals[r], time);
      const o = own[r];
      if (o !== null) raise(phase.roots[r], o, time);
    }
  }

  sample(key: string, time: number, bytes: number): void {
    const { processes } = this.phases[this.phaseAt(time)]!;
    let peak = processes.get(key);
    if (peak === undefined) {
      peak = noPeak();
      processes.set(key, peak);
    }
    raise(peak, bytes, time);
  }
}
