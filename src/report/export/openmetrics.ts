import type { SampleRow } from '../../analysis/export-pass.js';
import type { Metric } from '../../format/types.js';
import { type Exporter, type RunRows, tenthMs } from './exporter.js';

/** A process's last reading, as the second pass leaves it. */
interface LastReading {
  key: string;
  command: string | null;
  metric: Metric;
  bytes: number;
}

type Labels = Array<[string, string]>;

interface Family {
  name: string;
  unit: 'bytes' | 'seconds';
  help: string;
  points: Array<{ labels: Labels; value: number }>;
}

/** A label value: backslash, double quote and line feed escaped, as the text format asks. */
export function labelValue(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function familyText(f: Family): string {
  if (f.points.length === 0) return '';
  let out = `# TYPE ${f.name} gauge\n# UNIT ${f.name} ${f.unit}\n# HELP ${f.name} ${f.help}\n`;
  for (const p of f.points) {
    const labels = p.labels.map(([k, v]) => `${k}="${labelValue(v)}"`).join(',');
    out += `${f.name}{${labels}} ${p.value}\n`;
  }
  return out;
}

const family = (name: string, unit: Family['unit'], help: string): Family => ({ name, unit, help, points: [] });

/** Each run's processes by their last reading (the main process's only where MEM is its own), in file order. */
class LastReadings {
  readonly byRun: Array<Map<string, LastReading>> = [];

  rows(index: number): RunRows {
    const last = new Map<string, LastReading>();
    this.byRun[index] = last;
    return {
      start: () => '',
      sample: (row: SampleRow) => {
        if (row.scope !== 'process') return '';
        const kept = last.get(row.key);
        if (kept) {
          kept.bytes = row.bytes;
          kept.metric = row.metric;
          kept.command = row.command;
        } else last.set(row.key, { key: row.key, command: row.command, metric: row.metric, bytes: row.bytes });
        return '';
      },
      tick: () => '',
      func: () => '',
      finish: () => '',
    };
  }
}

/**
 * The OpenMetrics text exposition of a recording: gauges without timestamps, as a Prometheus pushgateway
 * takes them and a scrape reads them. Each process's last reading and its peak, labelled by pid (the key,
 * `pid#n`, for a reused pid), command and metric; the run's peak total, its upper bound and its duration.
 */
export function openMetricsExporter(): Exporter {
  const readings = new LastReadings();
  return {
    begin: () => '',
    rows: (_run, index) => readings.rows(index),
    end: (runs) => {
      const current = family('process_memory_bytes', 'bytes', 'Memory of the process at its last reading.');
      const peak = family('process_memory_peak_bytes', 'bytes', 'The largest reading of the process.');
      const hwm = family('process_memory_hwm_bytes', 'bytes', "The kernel's high-water mark of the process's RSS.");
      const total = family('memprof_peak_total_bytes', 'bytes', 'The largest total of the process tree.');
      const bound = family(
        'memprof_peak_total_upper_bound_bytes',
        'bytes',
        'Upper bound of the peak total: the largest sum of high-water marks of processes alive together.',
      );
      const duration = family('memprof_duration_seconds', 'seconds', 'How long the recording lasted.');
      const several = runs.length > 1;
      runs.forEach((run, i) => {
        const s = run.summary;
        const tag: Labels = several ? [['run', String(s.run)]] : [];
        const command = s.command ?? '';
        for (const r of readings.byRun[i]?.values() ?? []) {
          const labels: Labels = [...tag, ['pid', r.key], ['command', r.command ?? ''], ['metric', r.metric]];
          current.points.push({ labels, value: r.bytes });
        }
        for (const p of s.processes) {
          const who: Labels = [...tag, ['pid', p.key], ['command', p.command ?? '']];
          peak.points.push({ labels: [...who, ['metric', s.metric]], value: p.peakBytes });
          if (p.hwmBytes !== null) hwm.points.push({ labels: [...who, ['metric', 'rss']], value: p.hwmBytes });
        }
        const runLabels: Labels = [...tag, ['command', command], ['metric', s.metric]];
        if (s.peakTotalBytes !== null) total.points.push({ labels: runLabels, value: s.peakTotalBytes });
        if (s.peakTotalUpperBoundBytes !== null)
          bound.points.push({ labels: runLabels, value: s.peakTotalUpperBoundBytes });
        duration.points.push({ labels: [...tag, ['command', command]], value: tenthMs(s.durationSeconds) });
      });
      return `${[current, peak, hwm, total, bound, duration].map(familyText).join('')}# EOF\n`;
    },
  };
}
