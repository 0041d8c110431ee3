import type { KernelFigures, OomKill } from '../analysis/kernel-figures.js';
import { shortCommand } from '../analysis/plot-labels.js';
import { formatBytes, formatSeconds, plural } from '../units.js';

// The kernel's figures of a run's own cgroup in words, for every reporter: the peak beside the sampled one,
// the page cache said apart (a build's peak is often mostly cache), and the OOM killer's kills.

/** `kernel peak 312 MiB (page cache 8.0 MiB)`: a few words for the one-line summaries; null when unread. */
export function kernelPeakShort(k: KernelFigures | null): string | null {
  if (k === null || k.peakBytes === null) return null;
  const cache = k.split === null ? '' : ` (page cache ${formatBytes(k.split.file)})`;
  return `kernel peak ${formatBytes(k.peakBytes)}${cache}`;
}

/** What the split was at the largest usage it was read with: `anon 300 MiB, page cache 8.0 MiB (shmem 0 B), …`. */
export function splitPhrase(k: KernelFigures): string | null {
  const s = k.split;
  if (s === null) return null;
  const kernel = s.kernel === null ? '' : `, kernel ${formatBytes(s.kernel)}`;
  const at = k.splitAtSeconds === null ? '' : ` at ${formatSeconds(k.splitAtSeconds)}`;
  return (
    `anon ${formatBytes(s.anon)}, page cache ${formatBytes(s.file)} (shmem ${formatBytes(s.shmem)} of it)` +
    `${kernel}, of ${formatBytes(s.usage)} in use${at}`
  );
}

/** The kernel's peak in a sentence, with the split beside it; null without a cgroup. */
export function kernelPeakSentence(k: KernelFigures | null): string | null {
  if (k === null) return null;
  const peak =
    k.peakBytes === null
      ? `kernel peak not read (cgroup v${k.version} ${k.path} has no high-water mark file)`
      : `kernel peak ${formatBytes(k.peakBytes)} of the whole tree (its cgroup's high-water mark, page cache included)`;
  const split = splitPhrase(k);
  return split === null ? peak : `${peak}; largest split read: ${split}`;
}

function killed(o: OomKill): string {
  if (o.pid === null) return `a process not seen (at ${formatSeconds(o.atSeconds)})`;
  const command = o.command === null ? '' : ` (${shortCommand(o.command, 60)})`;
  return `pid ${o.pid}${command} at ${formatSeconds(o.atSeconds)}`;
}

/** `the OOM killer killed pid 12 (python3 big.py) at 0.41 s in the run's cgroup`; null when it killed none. */
export function oomSentence(k: KernelFigures | null): string | null {
  if (k === null || k.oomKills === 0) return null;
  const named = k.oomKilled.slice(0, 3).map(killed).join(', ');
  const more = k.oomKilled.length > 3 ? ` and ${k.oomKilled.length - 3} more` : '';
  const count = k.oomKills === 1 ? '' : ` ${plural(k.oomKills, 'process', 'processes')}:`;
  return `out of memory: the OOM killer killed${count} ${named}${more} in the run's cgroup`;
}
