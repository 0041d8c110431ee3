// A recording of a churning tree: `processes` short-lived workers, ten new ones a tick, each read once.
// More processes than a JavaScript call takes arguments (a spread over them would throw).

/** The recording, and its largest tick total in MiB as the generator summed it. */
export function churnRecording(processes: number): { text: string; peakMiB: number } {
  let peakMiB = 0;
  const lines = ['MEMPROF 1 metric=rss interval=0.01 mem=root per_process=1 source=procfs', 'CMDLINE churn'];
  lines.push('PROC 1 0 1000 1000 "churn"');
  for (let pid = 2, tick = 0; pid < processes + 2; tick++) {
    const t = (1000 + tick * 0.01).toFixed(4);
    const chld: string[] = [];
    let totalMiB = 10;
    for (let k = 0; k < 10; k++, pid++) {
      const mib = 1 + (pid % 100) / 10;
      totalMiB += mib;
      lines.push(`PROC ${pid} 1 ${t} ${t} "worker ${pid % 7} --job ${pid}"`);
      chld.push(`CHLD ${pid} ${mib.toFixed(6)} ${t}`);
    }
    peakMiB = Math.max(peakMiB, totalMiB);
    lines.push(`MEM 10.000000 ${t}`, ...chld);
  }
  return { text: `${lines.join('\n')}\n`, peakMiB };
}
