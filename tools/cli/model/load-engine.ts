import type { BundleManifest } from '../../../models/bundle/manifest.js';
import type { BundleProgress } from '../../../models/bundle/load-bundle.js';
import { PowerPaintEngine, type SessionRuntime } from '../../../models/engine/powerpaint-engine.js';
import { nativeRuntime } from '../../../models/runtime/native-sessions.node.js';
import type { CliRuntime } from '../commands/run-flags.js';
import type { CliServer } from '../commands/run-options.js';
import { oipRuntime } from '../../../models/runtime/oip/oip-runtime.js';
import type { OipTraffic } from '../../../models/runtime/oip/oip-traffic.js';
import type { WindowEngine } from '../../../models/full-resolution/index.js';
import { InstantRemoveEngine } from '../../../models/instant/instant-remove-engine.js';
import type { Engine } from '../../../ui/engine/engine.js';
import { InstantEngine } from '../../../ui/engine/instant-engine.js';
import { PowerPaintUiEngine } from '../../../ui/engine/powerpaint-ui-engine.js';
import type { CliIo } from '../cli-io.js';
import type { ModelRef } from './model-ref.js';
import { loadCliLora } from './load-lora.js';
import { openSource } from './open-source.js';

/**
 * A loaded model, two ways to run it: `window` is the plugin window's own engine class (full
 * resolution), so a job gives the window's pixels by construction; `direct` is `engine.run` as is, the
 * model at the size it is given (what diffusers' pipeline does).
 */
export interface CliEngine {
  window: Engine;
  direct: WindowEngine;
  /** Steps, guidance and scheduler where the command line sets none. */
  defaults: BundleManifest['defaults'];
  /** For the log: which model on which backend, and where its files came from (commit, cache). */
  name: string;
  notes: string[];
  /** Pictures a folder run keeps in flight: 1 on this machine, more against a server. */
  concurrency: number;
  /** What went to and came from the inference server, when the model runs on one. */
  traffic?: OipTraffic;
  release(): Promise<void>;
}

/** Instant remove reads no sampling settings; a job still carries them (EngineJob has no optional ones). */
const INSTANT_DEFAULTS: BundleManifest['defaults'] = { steps: 1, guidance: 1, scheduler: 'ddim' };

export async function loadCliEngine(
  ref: ModelRef,
  options: {
    io: CliIo;
    cacheDir: string;
    runtime: CliRuntime;
    server?: CliServer | undefined;
    lora?: { where: string; scale: number } | undefined;
    onProgress?: (progress: BundleProgress) => void;
  },
): Promise<CliEngine> {
  if (ref.kind === 'instant') {
    const window = new InstantEngine();
    return { window, direct: new InstantRemoveEngine(), defaults: INSTANT_DEFAULTS, name: window.name, notes: [], concurrency: 1, release: async () => undefined };
  }
  // The server holds the graphs: only the small files are read, so nothing is downloaded ahead or cached.
  const { source, verify, notes } = await openSource(ref, options.server ? { ...options, cacheDir: undefined } : options);
  const server = options.server && oipRuntime(options.server);
  if (server) notes.push(`pictures are sent to the inference server at ${server.server.host}, up to ${options.server!.concurrency} at once`);
  const runtime = server ?? (options.runtime === 'native' ? await nativeOrNote(notes) : undefined);
  const lora = options.lora && (await loadCliLora(options.lora, options));
  const model = await PowerPaintEngine.load(source, { verify, backend: 'wasm', ...(runtime && { runtime }), ...(lora && { lora }) });
  const fused = model.lora?.fused;
  if (model.lora && fused) {
    notes.push(`LoRA ${model.lora.label} at scale ${model.lora.scale}: ${fused.tensors} UNet tensors fused (${fused.format} layout) in ${(fused.ms / 1000).toFixed(1)} s`);
  }
  const window = new PowerPaintUiEngine(model, model.manifest.name);
  return {
    window,
    direct: model,
    defaults: model.manifest.defaults,
    name: window.name,
    notes,
    concurrency: options.server?.concurrency ?? 1,
    ...(server && { traffic: server.traffic }),
    release: () => model.release(),
  };
}

/** onnxruntime-node when it is installed (an optional dependency); else wasm, saying so. */
async function nativeOrNote(notes: string[]): Promise<SessionRuntime | undefined> {
  try {
    return await nativeRuntime();
  } catch (error) {
    notes.push(`${error instanceof Error ? error.message : String(error)} Running on wasm instead.`);
    return undefined;
  }
}
