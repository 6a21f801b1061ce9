/** Issue #7's targets, each judged from the measurements with its threshold stated. */
import type { BundleReport, RunReport } from '../core/measure-engine.js';
import type { ScalingRow } from '../scaling/scaling-bench.js';

export interface TargetCheck {
  target: string;
  measured: string;
  threshold: string;
  holds: boolean;
}

export interface StepAllocation {
  /** Median growth of ArrayBuffer bytes over a GC-free step (the JS-side buffers a step allocates). */
  medianBytes: number | undefined;
  gcFreeSteps: number;
  gcsPerStep: number;
  /** One batch of UNet output, [B, 4, h, w] float32: the unit "latent-sized" is measured in. */
  unetOutputBytes: number;
  /** RSS growth from step 2 to the last step (wasm heap and JS heap together). */
  rssGrowthAfterStep2: number | undefined;
}

export function stepAllocation(run: RunReport, latentSide: number, batch: number): StepAllocation {
  const steady = run.stepMemory.filter((s) => s.step >= 2);
  const free = steady.filter((s) => s.growth !== undefined);
  const buffers = free.map((s) => s.growth!.arrayBuffers).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  const rss = steady.map((s) => s.growth?.rss ?? 0);
  return {
    medianBytes: buffers.length ? buffers[buffers.length >> 1] : undefined,
    gcFreeSteps: free.length,
    gcsPerStep: steady.reduce((n, s) => n + s.gcs, 0) / Math.max(1, steady.length),
    unetOutputBytes: batch * 4 * latentSide * latentSide * 4,
    rssGrowthAfterStep2: run.stepMemory.some((s) => s.growth?.rss !== undefined) ? rss.reduce((a, b) => a + b, 0) : undefined,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
const kb = (x: number) => `${(x / 1024).toFixed(0)} KB`;

export function judgeTargets(main: BundleReport, scaling: ScalingRow[], latentSide: number): { checks: TargetCheck[]; allocation: StepAllocation } {
  const [first, second] = main.runs as [RunReport, RunReport];
  // The first run: the second records copies of its feeds for the bare loop, which would count here.
  const allocation = stepAllocation(first, latentSide, 2);
  const textMs = first.calls['text-encoder']?.ms ?? 0;
  const wallExtra = (first.wallMs - textMs) / second.wallMs - 1;
  // CPU time where there is one: on a shared machine wall time drifts by tens of percent between runs.
  const firstExtra = main.ratios.cpu?.firstExtraOverSecond ?? wallExtra;
  const perModel = (['unet', 'vae-encoder', 'vae-decoder'] as const)
    .map((m) => {
      const a = first.calls[m];
      const b = second.calls[m];
      return a && b ? `${m} ${(a.ms - b.ms).toFixed(0)}` : '';
    })
    .filter(Boolean)
    .join(', ');
  const checks: TargetCheck[] = [
    {
      target: `our overhead < 3 % of model time at ${main.steps} steps`,
      measured:
        `wall: ${pct(main.ratios.overheadVsBare)} of the bare loop (${second.overheadMs.toFixed(0)} ms of ${main.bare.wallMs.toFixed(0)} ms), ${pct(main.ratios.overheadVsModel)} of in-run model time` +
        (main.ratios.cpu ? `; CPU: ${pct(main.ratios.cpu.overheadVsBare)} of the bare loop's CPU time` : ''),
      threshold: '< 3 % (wall and CPU)',
      holds: main.ratios.overheadVsBare < 0.03 && main.ratios.overheadVsModel < 0.03 && (main.ratios.cpu?.overheadVsBare ?? 0) < 0.03,
    },
    {
      target: 'no large allocation per step (buffers reused)',
      measured:
        allocation.medianBytes === undefined
          ? `not observable here (${allocation.gcsPerStep.toFixed(2)} GC/step)`
          : `${kb(allocation.medianBytes)} of ArrayBuffers per step (${(allocation.medianBytes / allocation.unetOutputBytes).toFixed(1)}x one UNet output of ${kb(allocation.unetOutputBytes)}), ` +
            `${allocation.gcsPerStep.toFixed(2)} GC/step (${(100 * first.gcMs / first.wallMs).toFixed(2)} % of the run)` +
            (allocation.rssGrowthAfterStep2 !== undefined ? `; RSS +${kb(allocation.rssGrowthAfterStep2)} over steps 2..${main.steps} (garbage not yet collected, and the wasm heap)` : ''),
      threshold: 'latent-sized only: < 8 UNet outputs per step; GC < 1 % of the run',
      holds: allocation.medianBytes !== undefined && allocation.medianBytes < 8 * allocation.unetOutputBytes && first.gcMs / first.wallMs < 0.01,
    },
    {
      target: 'prompt encodings cached across runs',
      measured: `text encoder calls: first run ${first.calls['text-encoder']?.count ?? 0}, second run ${second.calls['text-encoder']?.count ?? 0}`,
      threshold: 'second run 0',
      holds: (second.calls['text-encoder']?.count ?? 0) === 0,
    },
    {
      target: 'sessions reused',
      measured: `InferenceSession.create: ${main.loadSessionCreates} at load, ${first.sessionCreates + second.sessionCreates} during runs`,
      threshold: '0 during runs',
      holds: first.sessionCreates + second.sessionCreates === 0,
    },
    {
      target: 'second run as fast as the first minus session creation',
      measured:
        `load ${main.loadMs.toFixed(0)} ms; first run ${first.wallMs.toFixed(0)} ms (text encoder ${textMs.toFixed(0)}), second ${second.wallMs.toFixed(0)} ms: ` +
        `first less its text encoding: ${(100 * firstExtra).toFixed(1)} % ${main.ratios.cpu ? 'CPU time' : 'wall time'} over the second ` +
        `(wall: ${(100 * wallExtra).toFixed(1)} %; first − second wall by model, ms: ${perModel})`,
      threshold: 'first run less its text encoding within 5 % of the second (CPU time in Node)',
      holds: Math.abs(firstExtra) <= 0.05,
    },
  ];
  const sized = scaling.filter((r) => r.series === 'image size, windowed');
  const small = sized.find((r) => r.imageSide === 512);
  const large = sized.find((r) => r.imageSide === 4096);
  if (small && large) {
    const cpuRatio = large.cpuMs / small.cpuMs;
    checks.push({
      target: 'a 4096 px image with a small mask costs about what a 512 px one does',
      measured:
        `CPU ${large.cpuMs.toFixed(0)} ms vs ${small.cpuMs.toFixed(0)} ms (${cpuRatio.toFixed(2)}x); wall ${large.wallMs.toFixed(0)} vs ${small.wallMs.toFixed(0)} ms ` +
        `(${(large.wallMs / small.wallMs).toFixed(2)}x); windowing ${large.windowingMs.toFixed(0)} ms at 4096 px`,
      threshold: 'CPU time <= 1.25x',
      holds: cpuRatio <= 1.25,
    });
  }
  return { checks, allocation };
}
