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

export interface ParsedFamily {
  name: string;
  type: string;
  unit: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: number; timestamp: number | null }>;
}

/** A text as the parser read it: its families, or what the parser refused it for. */
export type OpenMetricsRead = ParsedFamily[] | { refused: string };

/**
 * OpenMetrics expositions read by prometheus_client's parser, which refuses any fault in the format, in one
 * python; or why they cannot be read here (no python3, or no prometheus_client and its strict parser).
 */
export function readOpenMetrics(texts: string[]): OpenMetricsRead[] | { missing: string } {
  if (!existsSync(SYSTEM_PYTHON)) return { missing: `${SYSTEM_PYTHON} is missing` };
  return python<OpenMetricsRead[] | { missing: string }>(
    `import sys, json
try:
    from prometheus_client.openmetrics.parser import text_string_to_metric_families
except ImportError:
    print(json.dumps({"missing": "needs python3-prometheus-client (its strict OpenMetrics parser)"}))
    sys.exit(0)
out = []
for text in json.load(sys.stdin):
    try:
        out.append([{"name": f.name, "type": f.type, "unit": f.unit,
                     "samples": [{"name": s.name, "labels": s.labels, "value": s.value, "timestamp": s.timestamp}
                                 for s in f.samples]} for f in text_string_to_metric_families(text)])
    except Exception as e:
        out.append({"refused": repr(e)})
print(json.dumps(out))`,
    JSON.stringify(texts),
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
