/** The benchmark's console tables. */
import type { BundleReport, RunReport } from '../core/measure-engine.js';
import type { ScalingRow } from '../scaling/scaling-bench.js';
import type { TargetCheck } from './targets.js';

const ms = (x: number) => x.toFixed(x < 10 ? 2 : 0);
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

function table(header: string[], rows: string[][], align: ('l' | 'r')[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[s.length >> 1]! : 0;
}

export function stageTable(run: RunReport): string {
  const order = ['model', 'ours', 'bench'];
  const rows = [...run.rows].filter((r) => Math.abs(r.ms) >= 0.005).sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || b.ms - a.ms);
  return table(
    ['stage', 'kind', 'ms', 'of wall'],
    [...rows.map((r) => [r.name, r.kind, ms(r.ms), pct(r.ms / run.wallMs)]), ['total (wall)', '', ms(run.wallMs), '100 %']],
    ['l', 'l', 'r', 'r'],
  );
}

export function stepSummary(run: RunReport): string {
  const unet = run.steps.map((s) => s.unetMs);
  const ours = run.steps.map((s) => s.oursMs);
  const steady = run.steps.slice(1);
  return (
    `per step (${run.steps.length}): UNet median ${ms(median(unet))} ms (first ${ms(unet[0] ?? 0)}, min ${ms(Math.min(...unet))}, max ${ms(Math.max(...unet))}); ` +
    `ours median ${ms(median(ours))} ms (max ${ms(Math.max(...(steady.length ? steady : run.steps).map((s) => s.oursMs)))} after step 1)`
  );
}

export function bundleSummary(report: BundleReport): string {
  const [first, second] = report.runs as [RunReport, RunReport];
  const lines = [
    `== ${report.bundle} on ${report.runtime}: ${report.size} px, ${report.steps} steps, guidance 7.5 (UNet batch 2) ==`,
    `load (session creation) ${ms(report.loadMs)} ms; first run ${ms(first.wallMs)} ms; second run ${ms(second.wallMs)} ms; bare loop of the second run's ${report.bare.calls} model calls ${ms(report.bare.wallMs)} ms`,
    '',
    `where the second run's time went:`,
    stageTable(second),
    stepSummary(second),
    '',
    table(
      ['ratio', 'value', 'meaning'],
      [
        ['overhead / bare loop', pct(report.ratios.overheadVsBare), '(wall − time inside session.run) / the same calls in a bare loop'],
        ['overhead / model (in run)', pct(report.ratios.overheadVsModel), '(wall − time inside session.run) / time inside session.run'],
        ['wall / bare − 1', pct(report.ratios.wallVsBare), 'end to end against the bare loop (includes run-to-run drift)'],
        ['UNet call, run / bare − 1', pct(report.ratios.unetCallVsBare), 'median UNet call inside the pipeline against the bare loop'],
        ['second / first run', report.ratios.secondOverFirst.toFixed(3), 'first run pays first-inference setup and the text encoder'],
      ],
      ['l', 'r', 'l'],
    ),
  ];
  if (report.ratios.cpu && first.cpu) {
    lines.push(
      `CPU-time ratios: overhead / bare loop ${pct(report.ratios.cpu.overheadVsBare)} (bare loop ${ms(report.bare.cpuMs ?? 0)} ms CPU); ` +
        `first run (less text encoder) / second − 1: ${pct(report.ratios.cpu.firstExtraOverSecond)} (first ${ms(first.cpu.totalMs)} ms CPU)`,
    );
  }
  if (second.cpu) {
    lines.push(
      `CPU time (immune to other processes): total ${ms(second.cpu.totalMs)} ms, inside session.run ${ms(second.cpu.modelMs)} ms, probes ${ms(second.cpu.benchMs)} ms, ours ${ms(second.cpu.oursMs)} ms ` +
        `(${pct(second.cpu.oursMs / second.cpu.modelMs)} of model); CPU/wall ${second.cpuShare!.toFixed(2)}`,
    );
  }
  const peak = Object.entries({ ...second.memoryPeak, ...report.memoryHighWater })
    .map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(0)} MB`)
    .join(', ');
  lines.push(`memory peak: ${peak || 'not observable'}; GCs in the second run: ${second.gcCount} (${ms(second.gcMs)} ms)`);
  return lines.join('\n');
}

export function scalingTable(rows: ScalingRow[]): string {
  return table(
    ['series', 'image', 'mask', 'windows', 'model size', 'wall ms', 'CPU ms', 'model ms', 'windowing ms', 'peak RSS +MB'],
    rows.map((r) => [
      r.series,
      `${r.imageSide} px`,
      `${(100 * r.maskFraction).toFixed(2)} %`,
      String(r.windows),
      r.modelSide,
      ms(r.wallMs),
      ms(r.cpuMs),
      ms(r.modelMs),
      ms(r.windowingMs),
      (r.peakRssGrowth / 2 ** 20).toFixed(0),
    ]),
    ['l', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r'],
  );
}

export function targetTable(checks: TargetCheck[]): string {
  return table(
    ['target', 'holds', 'measured', 'threshold'],
    checks.map((c) => [c.target, c.holds ? 'yes' : 'NO', c.measured, c.threshold]),
    ['l', 'l', 'l', 'l'],
  );
}
