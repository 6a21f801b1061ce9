/**
 * Where every millisecond of one engine run went. The run is cut at its progress events (each stage's
 * begin and end, each denoising step); in each piece the time inside `session.run` is the model's and
 * the rest is ours. The pieces cover the run from call to resolution, so the rows add up to the wall time.
 */
import type { Stage } from '../../models/engine/types.js';
import type { ModelName } from './session-spy.js';

export interface TimedEvent {
  at: number;
  stage: Stage;
  step: number;
  total: number;
}

export interface TimedCall {
  model: ModelName;
  start: number;
  end: number;
}

export interface StageRow {
  name: string;
  ms: number;
  /** 'model': inside onnxruntime; 'bench': the benchmark's own probes; 'ours': everything else. */
  kind: 'model' | 'ours' | 'bench';
}

export interface StepRow {
  step: number;
  ms: number;
  unetMs: number;
  oursMs: number;
}

export interface Attribution {
  rows: StageRow[];
  steps: StepRow[];
  wallMs: number;
  modelMs: number;
  benchMs: number;
}

/** Names of our pieces by the event that starts them. */
function ourPiece(event: TimedEvent | undefined, lastStep: number): string {
  if (!event) return 'validate request';
  const begins = event.step === 0;
  switch (event.stage) {
    case 'encode-text':
      return begins ? 'tokenize + task prompts' : 'between stages';
    case 'encode-image':
      return begins ? 'pre-process (mask, image tensor)' : 'latent setup (noise, scheduler, masked latent)';
    case 'denoise':
      return event.step < lastStep ? 'step: scheduler + guidance + checks' : 'between stages';
    case 'decode':
      return begins ? 'post-process (unscale, NaN check, RGBA)' : 'return';
    default:
      return 'other';
  }
}

const MODEL_ROWS: Record<ModelName, string> = {
  'text-encoder': 'text encoder (ORT)',
  'vae-encoder': 'VAE encode (ORT)',
  unet: 'UNet (ORT)',
  'vae-decoder': 'VAE decode (ORT)',
  other: 'other model (ORT)',
};

export function attributeRun(
  start: number,
  end: number,
  events: readonly TimedEvent[],
  calls: readonly TimedCall[],
  benchSpans: readonly { start: number; end: number }[] = [],
): Attribution {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const lastStep = Math.max(0, ...sorted.filter((e) => e.stage === 'denoise').map((e) => e.step));
  const rows = new Map<string, StageRow>();
  const add = (name: string, kind: StageRow['kind'], ms: number) => {
    const row = rows.get(name) ?? { name, kind, ms: 0 };
    row.ms += ms;
    rows.set(name, row);
  };
  const steps: StepRow[] = [];
  const cuts = [start, ...sorted.map((e) => e.at), end];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const event = i === 0 ? undefined : sorted[i - 1];
    let model = 0;
    let unet = 0;
    for (const call of calls) {
      const overlap = Math.max(0, Math.min(to, call.end) - Math.max(from, call.start));
      if (overlap <= 0) continue;
      model += overlap;
      if (call.model === 'unet') unet += overlap;
      add(MODEL_ROWS[call.model], 'model', overlap);
    }
    let bench = 0;
    for (const span of benchSpans) bench += Math.max(0, Math.min(to, span.end) - Math.max(from, span.start));
    if (bench > 0) add('benchmark probes (not ours)', 'bench', bench);
    add(ourPiece(event, lastStep), 'ours', to - from - model - bench);
    if (event?.stage === 'denoise' && event.step < lastStep) {
      steps.push({ step: event.step + 1, ms: to - from - bench, unetMs: unet, oursMs: to - from - model - bench });
    }
  }
  const all = [...rows.values()];
  const total = (kind: StageRow['kind']) => all.filter((r) => r.kind === kind).reduce((a, r) => a + r.ms, 0);
  return { rows: all, steps, wallMs: end - start, modelMs: total('model'), benchMs: total('bench') };
}
