import type { FuncBracket } from '../format/types.js';

/** Seconds from the start; `end` may be Infinity. */
export interface TimeWindow {
  start: number;
  end: number;
}

/** Whether `t` (seconds from the start) is inside the window; every time is, without one. */
export function insideWindow(t: number, window: TimeWindow | null): boolean {
  return !window || (t >= window.start && t <= window.end);
}

/** A FUNC bracket in seconds from `t0`, when any of it falls inside the window; null otherwise. */
export function windowedFunc(f: FuncBracket, t0: number, window: TimeWindow | null): FuncBracket | null {
  const start = f.start - t0;
  const end = f.end - t0;
  return !window || (end >= window.start && start <= window.end) ? { ...f, start, end } : null;
}
