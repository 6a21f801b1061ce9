/**
 * The speed presets on one engine: UNet evaluations per image, wall and process CPU time per run, and what live
 * previews cost per step. Fast is LCM-LoRA's setting (LCM, 4 steps, guidance 1): fusing a LoRA changes weights,
 * not the graph, so its steps cost what the bundle's steps cost (the fusion itself is a once-per-load cost,
 * bench/real-size/lora-fusion.ts); "Fast without LCM-LoRA" is the DDIM fallback.
 */
import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { speedSettings, type Speed } from '../../models/engine/speed-presets.js';
import type { InpaintRequest } from '../../models/engine/types.js';
import { linearPreviewDecoder } from '../../models/preview/linear-preview.js';
import type { SessionSpy } from '../core/session-spy.js';

export interface PresetRow {
  preset: string;
  scheduler: string;
  steps: number;
  guidance: number;
  unetCalls: number;
  /** UNet calls times their batch: what the image cost in model evaluations. */
  unetEvaluations: number;
  wallMs: number;
  cpuMs: number;
  /** Median UNet call, ms. */
  stepMs: number;
  /** Previews the engine drew during the run (throttled to 5 % of the step time). */
  previews: number;
}

export interface PresetsReport {
  rows: PresetRow[];
  /** The linear preview's decode at this request's latent size: median ms, and as a share of each preset's median step. */
  previewDecodeMs: number;
}

const PRESETS: { label: string; speed: Speed; lcmLora: boolean }[] = [
  { label: 'Fast (LCM-LoRA)', speed: 'fast', lcmLora: true },
  { label: 'Fast without LCM-LoRA', speed: 'fast', lcmLora: false },
  { label: 'Balanced', speed: 'balanced', lcmLora: false },
  { label: 'Best', speed: 'best', lcmLora: false },
];

export async function presetsBenchmark(engine: PowerPaintEngine, spy: SessionSpy, request: InpaintRequest, log: (line: string) => void): Promise<PresetsReport> {
  const cpu = () => process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000;
  // One short run first, so no preset pays the sessions' first-inference cost.
  await engine.run({ ...request, steps: 1 });
  const rows: PresetRow[] = [];
  for (const preset of PRESETS) {
    const settings = speedSettings(preset.speed, request.task, preset.lcmLora);
    spy.clear();
    let previews = 0;
    const cpuStart = cpu();
    const start = performance.now();
    await engine.run({ ...request, ...settings }, { onPreview: () => previews++ });
    const wallMs = performance.now() - start;
    const cpuMs = cpu() - cpuStart;
    const unet = spy.calls.filter((c) => c.model === 'unet');
    const row: PresetRow = {
      preset: preset.label,
      ...settings,
      unetCalls: unet.length,
      unetEvaluations: unet.reduce((sum, c) => sum + c.batch, 0),
      wallMs,
      cpuMs,
      stepMs: median(unet.map((c) => c.end - c.start)),
      previews,
    };
    rows.push(row);
    log(`  ${row.preset}: ${row.scheduler}, ${row.steps} steps, guidance ${row.guidance}: ${row.unetEvaluations} UNet evaluations, ${(wallMs / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(1)} s CPU, ${row.previews} previews`);
  }
  return { rows, previewDecodeMs: previewDecodeMs(request) };
}

/** The linear preview's decode of a random latent at the request's size, median of 30. */
function previewDecodeMs(request: InpaintRequest): number {
  const geometry = { channels: 4, latentWidth: request.image.width / 8, latentHeight: request.image.height / 8, scale: 8 };
  const decoder = linearPreviewDecoder(geometry)!;
  const latents = Float32Array.from({ length: 4 * geometry.latentWidth * geometry.latentHeight }, (_, i) => Math.sin(i));
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const start = performance.now();
    void decoder.decode(latents);
    times.push(performance.now() - start);
  }
  return median(times);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[sorted.length >> 1]! : 0;
}

const s = (ms: number) => (ms / 1000).toFixed(1);

export function presetsTable(report: PresetsReport): string {
  const lines = ['preset                  sampler  steps  guidance  UNet evals  wall s  CPU s  UNet step ms  previews  preview / step'];
  for (const r of report.rows) {
    lines.push(
      `${r.preset.padEnd(22)}  ${r.scheduler.padEnd(7)}  ${String(r.steps).padStart(5)}  ${String(r.guidance).padStart(8)}  ${String(r.unetEvaluations).padStart(10)}  ${s(r.wallMs).padStart(6)}  ${s(r.cpuMs).padStart(5)}  ${r.stepMs.toFixed(0).padStart(12)}  ${String(r.previews).padStart(8)}  ${((100 * report.previewDecodeMs) / r.stepMs).toFixed(3).padStart(12)} %`,
    );
  }
  const fast = report.rows[0]!;
  const best = report.rows.at(-1)!;
  lines.push(
    `Fast/Best: UNet evaluations ${fast.unetEvaluations}/${best.unetEvaluations} = ${(fast.unetEvaluations / best.unetEvaluations).toFixed(3)}, ` +
      `wall ${(fast.wallMs / best.wallMs).toFixed(3)}, CPU ${(fast.cpuMs / best.cpuMs).toFixed(3)} (Best is ${(best.cpuMs / fast.cpuMs).toFixed(1)}x Fast in CPU time)`,
    `linear preview decode ${report.previewDecodeMs.toFixed(2)} ms at this size (latent-to-RGB factors, 8x blocks)`,
  );
  return lines.join('\n');
}
