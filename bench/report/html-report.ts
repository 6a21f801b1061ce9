/** A one-file HTML report with inline SVG charts (no dependencies); Chromium turns it into the PNG. */
import type { BundleReport, RunReport } from '../core/measure-engine.js';
import type { ScalingRow } from '../scaling/scaling-bench.js';
import type { TargetCheck } from './targets.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const COLORS: Record<string, string> = { model: '#4c78a8', ours: '#f58518', bench: '#bab0ac' };

/** Where the time went, one horizontal bar per stage row, log-free and to scale. */
function stageBars(run: RunReport, title: string): string {
  const rows = [...run.rows].filter((r) => r.ms > 0.01).sort((a, b) => b.ms - a.ms);
  const max = Math.max(...rows.map((r) => r.ms));
  const rowH = 20;
  const bars = rows
    .map((r, i) => {
      const w = Math.max(1, (r.ms / max) * 520);
      return `<text x="0" y="${i * rowH + 14}" font-size="12">${esc(r.name)}</text>` +
        `<rect x="330" y="${i * rowH + 3}" width="${w}" height="14" fill="${COLORS[r.kind]}"/>` +
        `<text x="${335 + w}" y="${i * rowH + 14}" font-size="11">${r.ms.toFixed(r.ms < 10 ? 2 : 0)} ms (${((100 * r.ms) / run.wallMs).toFixed(2)} %)</text>`;
    })
    .join('');
  return `<h3>${esc(title)}</h3><svg width="1000" height="${rows.length * rowH + 6}">${bars}</svg>`;
}

/** Per-step stacked columns: UNet (model) and ours. */
function stepColumns(run: RunReport): string {
  const max = Math.max(...run.steps.map((s) => s.ms));
  const w = Math.min(40, Math.floor(900 / Math.max(1, run.steps.length)));
  const h = 160;
  const cols = run.steps
    .map((s, i) => {
      const unet = (s.unetMs / max) * h;
      const ours = Math.max(0.5, (s.oursMs / max) * h);
      return `<rect x="${40 + i * w}" y="${h - unet}" width="${w - 3}" height="${unet}" fill="${COLORS.model}"/>` +
        `<rect x="${40 + i * w}" y="${h - unet - ours}" width="${w - 3}" height="${ours}" fill="${COLORS.ours}"/>` +
        `<text x="${40 + i * w}" y="${h + 14}" font-size="10">${s.step}</text>`;
    })
    .join('');
  return `<h3>Each denoising step (blue: UNet inside onnxruntime, orange: ours; tallest ${max.toFixed(0)} ms)</h3><svg width="1000" height="${h + 20}">${cols}</svg>`;
}

/** A small line chart of wall time (and model time) against x. */
function lineChart(title: string, xLabel: string, rows: ScalingRow[], x: (r: ScalingRow) => number, logX: boolean): string {
  if (rows.length === 0) return '';
  const W = 460;
  const H = 180;
  const xs = rows.map(x);
  const fx = (v: number) => (logX ? Math.log(v) : v);
  const [x0, x1] = [Math.min(...xs.map(fx)), Math.max(...xs.map(fx))];
  const yMax = Math.max(...rows.map((r) => r.wallMs)) * 1.1;
  const px = (v: number) => 50 + ((fx(v) - x0) / (x1 - x0 || 1)) * (W - 70);
  const py = (v: number) => H - 20 - (v / yMax) * (H - 40);
  const path = (f: (r: ScalingRow) => number) => rows.map((r, i) => `${i ? 'L' : 'M'}${px(x(r))},${py(f(r))}`).join(' ');
  const labels = rows.map((r) => `<text x="${px(x(r)) - 10}" y="${H - 4}" font-size="10">${x(r) < 1 ? (100 * x(r)).toFixed(1) + '%' : x(r)}</text>`).join('');
  return `<div style="display:inline-block;margin-right:20px"><h3>${esc(title)}</h3><svg width="${W}" height="${H}">
    <path d="${path((r) => r.wallMs)}" stroke="${COLORS.ours}" fill="none" stroke-width="2"/>
    <path d="${path((r) => r.modelMs)}" stroke="${COLORS.model}" fill="none" stroke-width="2"/>
    <text x="0" y="12" font-size="10">${yMax.toFixed(0)} ms</text><text x="0" y="${H - 20}" font-size="10">0</text>${labels}
    </svg><div style="font-size:11px">${esc(xLabel)}; orange: wall, blue: model</div></div>`;
}

export function htmlReport(input: {
  title: string;
  environment: Record<string, unknown>;
  bundles: BundleReport[];
  scaling: ScalingRow[];
  checks: TargetCheck[];
}): string {
  const checks = input.checks
    .map((c) => `<tr><td>${esc(c.target)}</td><td style="color:${c.holds ? 'green' : 'red'}">${c.holds ? 'yes' : 'NO'}</td><td>${esc(c.measured)}</td><td>${esc(c.threshold)}</td></tr>`)
    .join('');
  const bundles = input.bundles
    .map((b) => {
      const second = b.runs[1]!;
      return `<h2>${esc(b.bundle)} on ${esc(b.runtime)}: ${b.size} px, ${b.steps} steps</h2>
        <p>load ${b.loadMs.toFixed(0)} ms, first run ${b.runs[0]!.wallMs.toFixed(0)} ms, second run ${second.wallMs.toFixed(0)} ms,
        bare loop ${b.bare.wallMs.toFixed(0)} ms. Overhead: <b>${(100 * b.ratios.overheadVsBare).toFixed(2)} %</b> of the bare loop,
        ${(100 * b.ratios.overheadVsModel).toFixed(2)} % of in-run model time.</p>
        ${stageBars(second, 'Second run, by stage')}${stepColumns(second)}`;
    })
    .join('');
  const sized = input.scaling.filter((r) => r.series === 'image size, windowed');
  const masked = input.scaling.filter((r) => r.series === 'mask area, windowed');
  return `<!doctype html><meta charset="utf-8"><title>${esc(input.title)}</title>
<body style="font-family:sans-serif;margin:20px;width:1100px">
<h1>${esc(input.title)}</h1>
<p style="font-size:12px">${esc(JSON.stringify(input.environment))}</p>
<table border="1" cellspacing="0" cellpadding="4" style="font-size:12px"><tr><th>target</th><th>holds</th><th>measured</th><th>threshold</th></tr>${checks}</table>
${bundles}
<h2>Scaling (SD-like bundle, through the full-resolution layer)</h2>
${lineChart('Time against image size, fixed small mask', 'image side (px, log)', sized, (r) => r.imageSide, true)}
${lineChart('Time against mask area', 'mask area (fraction of the image)', masked, (r) => r.maskFraction, true)}
</body>`;
}
