import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's own python3: its dist-packages hold the parsers these tests read exports with. */
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** Run a Python program with `input` on its standard input; its JSON output parsed. */
export function python<T>(program: string, input: string): T {
  const r = spawnSync(SYSTEM_PYTHON, ['-c', program], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** Why a test of OpenMetrics cannot run here, or false: prometheus_client holds the strict parser. */
export function noOpenMetricsParser(): string | false {
  if (!existsSync(SYSTEM_PYTHON)) return `${SYSTEM_PYTHON} is missing`;
  const r = spawnSync(SYSTEM_PYTHON, ['-c', 'import prometheus_client.openmetrics.parser']);
  return r.status === 0 ? false : 'needs python3-prometheus-client (its strict OpenMetrics parser)';
}

export interface ParsedFamily {
  name: string;
  type: string;
  unit: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: number; timestamp: number | null }>;
}

/** An OpenMetrics exposition read by prometheus_client's parser, which refuses any fault in the format. */
export function parseOpenMetrics(text: string): ParsedFamily[] {
  return python<ParsedFamily[]>(
    `import sys, json
from prometheus_client.openmetrics.parser import text_string_to_metric_families
out = [{"name": f.name, "type": f.type, "unit": f.unit,
        "samples": [{"name": s.name, "labels": s.labels, "value": s.value, "timestamp": s.timestamp}
                    for s in f.samples]} for f in text_string_to_metric_families(sys.stdin.read())]
print(json.dumps(out))`,
    text,
  );
}

/** A CSV file as Python's csv module reads it: the header's names and every row as a dict. */
export function parseCsv(text: string): Array<Record<string, string>> {
  return python<Array<Record<string, string>>>(
    `import sys, csv, json, io
print(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline="")))))`,
    text,
  );
}
