import type { Recording } from '../format/types.js';

/** How to read an mprof file's `MEM` line: with the children in it (`-C`), without, or judged from the samples. */
export type MprofChildren = 'included' | 'separate' | 'auto';

/** Whether a run's `MEM` line already includes the descendants, and how memprof knows. */
export interface MemScope {
  childrenIncluded: boolean;
  /**
   * `header`: a memprof file says so; `option`: the user said so for an mprof file; `inferred`: judged from
   * mprof's samples; `no-child-lines`: an mprof file without `CHLD` lines, where nothing tells `-C` apart.
   */
  basis: 'header' | 'option' | 'inferred' | 'no-child-lines';
}

/** The scope of a run's `MEM`: memprof's header wins, then the user's choice, then the inference. */
export function memScopeOf(rec: Recording, choice: MprofChildren = 'auto'): MemScope {
  if (rec.header) return { childrenIncluded: rec.header.memScope === 'tree', basis: 'header' };
  if (choice !== 'auto') return { childrenIncluded: choice === 'included', basis: 'option' };
  const sums = childSumsPerTick(rec);
  if (!sums.some((s) => s > 0)) return { childrenIncluded: false, basis: 'no-child-lines' };
  return { childrenIncluded: inferChildrenIncluded(rec.mem.v, sums), basis: 'inferred' };
}

/**
 * Whether mprof's MEM includes the children, from MEM and the children's sum per tick. mprof reads MEM (with
 * -C, the main process and then each child) and only then reads each child again for its CHLD line, so in a
 * growing tree MEM can fall below the children's sum on some ticks: no single tick decides. Two tests:
 * - With -C, MEM minus the children is the main process's own size, so it cannot be below minus half the
 *   children on most ticks; without -C, it is whenever the children outweigh the main process.
 * - With -C, MEM moves with the children (a child starting, growing, ending) and MEM minus the children is
 *   the steadier curve; without -C, subtracting the children adds their moves to the main process's curve.
 *   This tells a large main process with small children (MEM above their sum on every tick) apart.
 */
export function inferChildrenIncluded(mem: number[], childSums: number[]): boolean {
  let withChildren = 0;
  let belowHalf = 0;
  for (let i = 0; i < mem.length; i++) {
    if (childSums[i]! === 0) continue;
    withChildren++;
    if (mem[i]! < childSums[i]! / 2) belowHalf++;
  }
  if (withChildren === 0 || belowHalf * 2 > withChildren) return false;
  return movement(mem, childSums, true) < movement(mem, childSums, false);
}

/** How far the main process's own curve moves in all (total variation), MEM taken with or without the children. */
function movement(mem: number[], childSums: number[], childrenIncluded: boolean): number {
  const own = (i: number): number => (childrenIncluded ? mem[i]! - childSums[i]! : mem[i]!);
  let sum = 0;
  for (let i = 1; i < mem.length; i++) sum += Math.abs(own(i) - own(i - 1));
  return sum;
}

/** Per `MEM` tick, the sum of the descendants' `CHLD` samples that followed it (the root's own excluded). */
export function childSumsPerTick(rec: Recording): number[] {
  const sums = new Array<number>(rec.mem.t.length).fill(0);
  for (const p of rec.processes) {
    if (p.key === rec.rootKey) continue;
    p.tickOf.forEach((tick, i) => {
      if (tick < sums.length) sums[tick]! += p.samples.v[i]!;
    });
  }
  return sums;
}
