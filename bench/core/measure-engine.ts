/**
 * The benchmark of one bundle on one runtime, the same in Node and in Chromium: load (session
 * creation), a first run, a second run (same request: prompt cache and sessions warm) whose model calls
 * are recorded and replayed in a bare loop. Memory comes from a probe the runtime supplies.
 */
import type { BundleSource } from '../../models/bundle/bundle-source.js';
import { PowerPaintEngine, type EngineOptions } from '../../models/engine/powerpaint-engine.js';
import type { InpaintRequest } from '../../models/engine/types.js';
import { attributeRun, type StageRow, type StepRow, type TimedEvent } from './attribute-time.js';
import { bareLoop, spyOnSessions, type ModelName, type SessionSpy } from './session-spy.js';

/** Memory numbers in bytes, named by the runtime (rss, arrayBuffers, usedJSHeapSize, ...). */
export type MemorySample = Record<string, number>;

export interface MemoryProbe {
  sample(): MemorySample;
  /** Process high-water marks where the runtime has them (Node: maxRSS). */
  highWater(): MemorySample;
  /** Garbage collections since the last call, with start times on performance.now()'s clock. */
  takeGcs(): Promise<{ at: number; ms: number }[]>;
  /** Process CPU time in ms, where the runtime has it (Node): immune to other processes on the machine. */
  cpuMs?: () => number;
}

export interface StepMemory {
  step: number;
  /** Growth of each sampled number over the step (bytes); undefined where a GC ran inside it. */
  growth: MemorySample | undefined;
  gcs: number;
}

export interface RunReport {
  label: string;
  wallMs: number;
  /** Inside onnxruntime's session.run, summed. */
  modelMs: number;
  /** Spent by the benchmark's own probes inside the run (feed copies, memory samples), not ours. */
  instrumentMs: number;
  /** wall − model − instrument: the time our code took. */
  overheadMs: number;
  /** The same split in process CPU time (Node only): total, inside session.run, the probes', ours. */
  cpu?: { totalMs: number; modelMs: number; benchMs: number; oursMs: number };
  /** CPU time / wall time over the run: below ~0.95 other processes took the CPU from us. */
  cpuShare?: number;
  rows: StageRow[];
  steps: StepRow[];
  stepMemory: StepMemory[];
  calls: Partial<Record<ModelName, { count: number; ms: number; cpuMs: number }>>;
  sessionCreates: number;
  gcCount: number;
  gcMs: number;
  memoryPeak: MemorySample;
  engineTimings: Record<string, number>;
}

export interface BareReport {
  wallMs: number;
  cpuMs: number | undefined;
  calls: number;
  unetMedianMs: number;
}

export interface BundleReport {
  bundle: string;
  runtime: string;
  steps: number;
  size: number;
  loadMs: number;
  loadSessionCreates: number;
  runs: RunReport[];
  bare: BareReport;
  memoryHighWater: MemorySample;
  /** The headline ratios; see docs/performance.md for their definitions. */
  ratios: {
    /** (second run's wall − its model time) / bare-loop time of the same calls. */
    overheadVsBare: number;
    /** (second run's wall − its model time) / its model time. */
    overheadVsModel: number;
    /** second run's wall / bare-loop wall − 1 (includes drift of model time between the two). */
    wallVsBare: number;
    /** median UNet call in the pipeline / in the bare loop − 1. */
    unetCallVsBare: number;
    /** second run's wall / first run's wall. */
    secondOverFirst: number;
    /** Node: the same ratios in process CPU time, which other processes on the machine do not inflate. */
    cpu?: {
      /** our CPU time in the second run (benchmark probes excluded) / CPU time of the bare loop. */
      overheadVsBare: number;
      /** (first run's CPU less its text encoder's) / second run's CPU − 1. */
      firstExtraOverSecond: number;
    };
  };
}

export interface BenchmarkInput {
  bundleName: string;
  runtime: string;
  source: BundleSource;
  engineOptions: EngineOptions;
  request: InpaintRequest;
  probe: MemoryProbe;
  log?: (line: string) => void;
}

export async function measureRun(
  engine: PowerPaintEngine,
  request: InpaintRequest,
  spy: SessionSpy,
  probe: MemoryProbe,
  label: string,
): Promise<RunReport> {
  spy.clear();
  await probe.takeGcs();
  const events: TimedEvent[] = [];
  const samples: { at: number; step: number | undefined; memory: MemorySample }[] = [];
  const peak: MemorySample = {};
  const progressSpans: { start: number; end: number }[] = [];
  let progressCpuMs = 0;
  const track = (memory: MemorySample) => {
    for (const [k, v] of Object.entries(memory)) peak[k] = Math.max(peak[k] ?? 0, v);
    return memory;
  };
  spy.onBoundary = () => track(probe.sample());
  spy.cpuClock = probe.cpuMs;
  const cpuStart = probe.cpuMs?.();
  const start = performance.now();
  const result = await engine.run(request, {
    onProgress: (p) => {
      const at = performance.now();
      const cpuAt = probe.cpuMs?.();
      events.push({ at, stage: p.stage, step: p.step, total: p.total });
      if (p.stage === 'denoise') samples.push({ at, step: p.step, memory: track(probe.sample()) });
      if (cpuAt !== undefined) progressCpuMs += probe.cpuMs!() - cpuAt;
      progressSpans.push({ start: at, end: performance.now() });
    },
  });
  const end = performance.now();
  const cpuEnd = probe.cpuMs?.();
  spy.onBoundary = undefined;
  spy.cpuClock = undefined;
  const gcs = await probe.takeGcs();
  const attribution = attributeRun(start, end, events, spy.calls, [...spy.instrumentSpans, ...progressSpans]);
  let cpu: RunReport['cpu'];
  if (cpuStart !== undefined && cpuEnd !== undefined) {
    const modelCpu = spy.calls.reduce((a, c) => a + ((c.cpuEnd ?? 0) - (c.cpuStart ?? 0)), 0);
    const benchCpu = spy.instrumentCpuMs + progressCpuMs;
    cpu = { totalMs: cpuEnd - cpuStart, modelMs: modelCpu, benchMs: benchCpu, oursMs: cpuEnd - cpuStart - modelCpu - benchCpu };
  }
  const calls: RunReport['calls'] = {};
  for (const call of spy.calls) {
    const entry = (calls[call.model] ??= { count: 0, ms: 0, cpuMs: 0 });
    entry.count++;
    entry.ms += call.end - call.start;
    entry.cpuMs += (call.cpuEnd ?? 0) - (call.cpuStart ?? 0);
  }
  const stepMemory: StepMemory[] = [];
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1]!;
    const after = samples[i]!;
    const inside = gcs.filter((gc) => gc.at >= before.at && gc.at < after.at).length;
    const growth = inside > 0 ? undefined : Object.fromEntries(Object.entries(after.memory).map(([k, v]) => [k, v - (before.memory[k] ?? 0)]));
    stepMemory.push({ step: after.step ?? i, growth, gcs: inside });
  }
  return {
    label,
    wallMs: attribution.wallMs,
    modelMs: attribution.modelMs,
    instrumentMs: attribution.benchMs,
    overheadMs: attribution.wallMs - attribution.modelMs - attribution.benchMs,
    ...(cpu ? { cpu, cpuShare: cpu.totalMs / attribution.wallMs } : {}),
    rows: attribution.rows,
    steps: attribution.steps,
    stepMemory,
    calls,
    sessionCreates: spy.creates,
    gcCount: gcs.length,
    gcMs: gcs.reduce((a, g) => a + g.ms, 0),
    memoryPeak: peak,
    engineTimings: { ...result.timings },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function benchmarkBundle(input: BenchmarkInput): Promise<BundleReport> {
  const log = input.log ?? (() => undefined);
  const spy = spyOnSessions();
  try {
    const loadStart = performance.now();
    const engine = await PowerPaintEngine.load(input.source, input.engineOptions);
    const loadMs = performance.now() - loadStart;
    const loadSessionCreates = spy.creates;
    log(`  loaded in ${loadMs.toFixed(0)} ms (${loadSessionCreates} sessions created)`);
    try {
      const first = await measureRun(engine, input.request, spy, input.probe, 'first run');
      log(`  first run ${first.wallMs.toFixed(0)} ms`);
      spy.recordFeeds = true;
      const second = await measureRun(engine, input.request, spy, input.probe, 'second run');
      spy.recordFeeds = false;
      log(`  second run ${second.wallMs.toFixed(0)} ms`);
      const recorded = [...spy.calls];
      spy.clear();
      const bare = await bareLoop(recorded, spy, input.probe.cpuMs);
      log(`  bare loop of its ${recorded.length} model calls ${bare.wallMs.toFixed(0)} ms`);
      const pipelineUnet = recorded.filter((c) => c.model === 'unet').map((c) => c.end - c.start);
      const bareUnet = bare.perCall.filter((c) => c.model === 'unet').map((c) => c.ms);
      const bareReport: BareReport = { wallMs: bare.wallMs, cpuMs: bare.cpuMs, calls: recorded.length, unetMedianMs: median(bareUnet) };
      return {
        bundle: input.bundleName,
        runtime: input.runtime,
        steps: input.request.steps ?? 0,
        size: input.request.image.width,
        loadMs,
        loadSessionCreates,
        runs: [first, second],
        bare: bareReport,
        memoryHighWater: input.probe.highWater(),
        ratios: {
          overheadVsBare: second.overheadMs / bare.wallMs,
          overheadVsModel: second.overheadMs / second.modelMs,
          wallVsBare: second.wallMs / bare.wallMs - 1,
          unetCallVsBare: median(pipelineUnet) / median(bareUnet) - 1,
          secondOverFirst: second.wallMs / first.wallMs,
          ...(first.cpu && second.cpu && bare.cpuMs
            ? {
                cpu: {
                  overheadVsBare: second.cpu.oursMs / bare.cpuMs,
                  firstExtraOverSecond:
                    (first.cpu.totalMs - first.cpu.benchMs - (first.calls['text-encoder']?.cpuMs ?? 0)) / (second.cpu.totalMs - second.cpu.benchMs) - 1,
                },
              }
            : {}),
        },
      };
    } finally {
      await engine.release();
    }
  } finally {
    spy.stop();
  }
}
