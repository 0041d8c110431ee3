import type { Header, Recording } from '../format/types.js';

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
  return decideMemScope(rec.header, choice, () => evidenceOf(rec.mem.v, childSumsPerTick(rec)));
}

/** The same decision from what it rests on; `evidence` is asked for only when it decides. */
export function decideMemScope(
  header: Header | null,
  choice: MprofChildren,
  evidence: () => MemScopeEvidence,
): MemScope {
  if (header) return { childrenIncluded: header.memScope === 'tree', basis: 'header' };
  if (choice !== 'auto') return { childrenIncluded: choice === 'included', basis: 'option' };
  const seen = evidence();
  if (!seen.hasChildren) return { childrenIncluded: false, basis: 'no-child-lines' };
  return { childrenIncluded: seen.childrenIncluded, basis: 'inferred' };
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
  return evidenceOf(mem, childSums).childrenIncluded;
}

/** What the inference rests on, gathered tick by tick in constant memory: a file's ticks need not be kept. */
export class MemScopeEvidence {
  private ticks = 0;
  private withChildren = 0;
  private belowHalf = 0;
  /** How far the main process's own curve moves in all (total variation), MEM taken with or without the children. */
  private movedIncluded = 0;
  private movedSeparate = 0;
  private lastMem = 0;
  private lastSum = 0;

  /** One tick: its MEM, and the sum of the descendants' CHLD samples that followed it (the root's own excluded). */
  tick(mem: number, childSum: number): void {
    if (childSum !== 0) {
      this.withChildren++;
      if (mem < childSum / 2) this.belowHalf++;
    }
    if (this.ticks > 0) {
      this.movedIncluded += Math.abs(mem - childSum - (this.lastMem - this.lastSum));
      this.movedSeparate += Math.abs(mem - this.lastMem);
    }
    this.ticks++;
    this.lastMem = mem;
    this.lastSum = childSum;
  }

  /** Whether any tick had a descendant's sample; without one nothing tells -C apart. */
  get hasChildren(): boolean {
    return this.withChildren > 0;
  }

  get childrenIncluded(): boolean {
    if (this.withChildren === 0 || this.belowHalf * 2 > this.withChildren) return false;
    return this.movedIncluded < this.movedSeparate;
  }
}

function evidenceOf(mem: number[], childSums: number[]): MemScopeEvidence {
  const evidence = new MemScopeEvidence();
  for (let i = 0; i < mem.length; i++) evidence.tick(mem[i]!, childSums[i]!);
  return evidence;
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
