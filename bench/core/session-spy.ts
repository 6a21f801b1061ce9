/**
 * Observing onnxruntime-web from outside the engine: every `InferenceSession.run` (which model, when,
 * how long, optionally a copy of its feeds for a bare replay) and every `InferenceSession.create`.
 * ORT's sessions share one prototype, so wrapping its `run` sees the engine's calls untouched.
 */
import * as ort from 'onnxruntime-web';

export type ModelName = 'text-encoder' | 'unet' | 'vae-encoder' | 'vae-decoder' | 'other';

export interface ModelCall {
  model: ModelName;
  start: number;
  end: number;
  /** Process CPU time (ms) at start and end, where the runtime has a CPU clock. */
  cpuStart?: number;
  cpuEnd?: number;
  session: ort.InferenceSession;
  /** The first feed's batch dimension (the UNet's: 2 with guidance, 1 without), for counting model evaluations. */
  batch: number;
  /** Copies of the feeds as they were at the call (the engine rewrites its UNet input in place). */
  feeds?: Record<string, ort.Tensor>;
  fetches?: readonly string[];
}

type Run = (this: ort.InferenceSession, feeds: Record<string, ort.Tensor>, ...rest: unknown[]) => Promise<ort.InferenceSession.ReturnType>;

export interface SessionSpy {
  readonly calls: ModelCall[];
  /** `InferenceSession.create` calls since the spy started. */
  readonly creates: number;
  /** Where the spy itself spent time inside the pipeline (copying feeds, probing memory). */
  readonly instrumentSpans: { start: number; end: number }[];
  /** Process CPU time in ms (Node's process.cpuUsage), if the runtime has one. */
  cpuClock: (() => number) | undefined;
  /** CPU time of the instrument spans, where there is a CPU clock. */
  instrumentCpuMs: number;
  /** ORT's own run, unwrapped. */
  readonly rawRun: Run;
  recordFeeds: boolean;
  /** Called right before and right after each run (memory probes). */
  onBoundary: ((when: 'before' | 'after', model: ModelName) => void) | undefined;
  clear(): void;
  stop(): void;
}

export function modelOf(session: ort.InferenceSession): ModelName {
  const inputs = session.inputNames;
  if (inputs.includes('input_ids')) return 'text-encoder';
  if (inputs.includes('timestep')) return 'unet';
  if (inputs.includes('latent_sample')) return 'vae-decoder';
  if (inputs.includes('sample')) return 'vae-encoder';
  return 'other';
}

function copyTensor(tensor: ort.Tensor): ort.Tensor {
  if (tensor.location !== 'cpu') throw new Error('Only CPU feeds can be recorded for the bare loop.');
  const data = tensor.data as Float32Array | Int32Array | BigInt64Array;
  return new ort.Tensor(tensor.type as 'float32', data.slice() as Float32Array, tensor.dims);
}

export function spyOnSessions(): SessionSpy {
  const prototype = (ort.InferenceSession as unknown as { prototype: { run: Run } }).prototype;
  const originalRun = prototype.run;
  const statics = ort.InferenceSession as unknown as { create: (...args: unknown[]) => Promise<ort.InferenceSession> };
  const originalCreate = statics.create;
  const spy: SessionSpy & { creates: number } = {
    calls: [],
    creates: 0,
    instrumentSpans: [],
    cpuClock: undefined,
    instrumentCpuMs: 0,
    rawRun: originalRun,
    recordFeeds: false,
    onBoundary: undefined,
    clear() {
      this.calls.length = 0;
      this.creates = 0;
      this.instrumentSpans.length = 0;
      this.instrumentCpuMs = 0;
    },
    stop() {
      prototype.run = originalRun;
      statics.create = originalCreate;
    },
  };
  prototype.run = async function run(this: ort.InferenceSession, feeds, ...rest) {
    const entered = performance.now();
    const cpuEntered = spy.cpuClock?.();
    const model = modelOf(this);
    const recorded = spy.recordFeeds ? Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, copyTensor(t)])) : undefined;
    const fetches = Array.isArray(rest[0]) ? (rest[0] as string[]) : undefined;
    spy.onBoundary?.('before', model);
    const cpuStart = spy.cpuClock?.();
    const start = performance.now();
    spy.instrumentSpans.push({ start: entered, end: start });
    if (cpuStart !== undefined && cpuEntered !== undefined) spy.instrumentCpuMs += cpuStart - cpuEntered;
    try {
      return await originalRun.call(this, feeds, ...rest);
    } finally {
      const end = performance.now();
      const cpuEnd = spy.cpuClock?.();
      spy.calls.push({ model, start, end, cpuStart, cpuEnd, session: this, batch: Number(Object.values(feeds)[0]?.dims[0] ?? 1), ...(recorded ? { feeds: recorded } : {}), ...(fetches ? { fetches } : {}) });
      spy.onBoundary?.('after', model);
      spy.instrumentSpans.push({ start: end, end: performance.now() });
      if (cpuEnd !== undefined) spy.instrumentCpuMs += spy.cpuClock!() - cpuEnd;
    }
  };
  statics.create = async function create(...args: unknown[]) {
    spy.creates++;
    return originalCreate.apply(ort.InferenceSession, args);
  };
  return spy;
}

export interface BareLoop {
  wallMs: number;
  /** Process CPU time over the loop, where the spy has a CPU clock. */
  cpuMs: number | undefined;
  perCall: { model: ModelName; ms: number }[];
}

/**
 * The same model calls with the same feeds in a bare loop: run, dispose the outputs, next. Feeds are
 * recorded copies, so nothing is built inside the timed region.
 */
export async function bareLoop(calls: readonly ModelCall[], spy: SessionSpy, cpuClock?: () => number): Promise<BareLoop> {
  const originalRun = spy.rawRun;
  const perCall: BareLoop['perCall'] = [];
  const cpuStart = cpuClock?.();
  const start = performance.now();
  for (const call of calls) {
    if (!call.feeds) throw new Error('bareLoop needs calls recorded with recordFeeds = true.');
    const t0 = performance.now();
    const outputs = await (call.fetches ? originalRun.call(call.session, call.feeds, call.fetches) : originalRun.call(call.session, call.feeds));
    perCall.push({ model: call.model, ms: performance.now() - t0 });
    for (const output of Object.values(outputs)) output.dispose();
  }
  const wallMs = performance.now() - start;
  const cpuEnd = cpuClock?.();
  return { wallMs, cpuMs: cpuStart !== undefined && cpuEnd !== undefined ? cpuEnd - cpuStart : undefined, perCall };
}
