import * as ort from 'onnxruntime-web';
import { EngineError } from '../engine/errors.js';
import type { ModelName } from './model-specs.js';

export interface ModelSpec {
  /** Bundle-relative path, e.g. `unet/model.onnx`, for messages. */
  path: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** Other names exports give an output (current Optimum calls the VAE encoder's `latent_parameters`). */
  outputAliases?: Readonly<Record<string, readonly string[]>>;
  /** What a model without these names is not, and what to load instead (default: an SD-1.5 inpainting export's words). */
  mismatchAdvice?: string;
}

/** The name this session gives `output`: its own, or the first alias it has. */
export function outputName(session: Pick<ort.InferenceSession, 'outputNames'>, spec: ModelSpec, output: string): string {
  return [output, ...(spec.outputAliases?.[output] ?? [])].find((name) => session.outputNames.includes(name)) ?? output;
}

export interface ExternalDataFile {
  path: string;
  data: Uint8Array;
}

// The 9-input-channel conv_in is computed wrong by ORT's WebGPU EP in NHWC layout (DESIGN.md); NCHW is right.
const WEBGPU_PROVIDER = { name: 'webgpu', preferredLayout: 'NCHW' } as const;

/**
 * What the engine needs of a model session, whichever runtime holds it: onnxruntime-web (WebGPU, wasm),
 * onnxruntime-node (Node's native CPU), or a remote server behind the same calls.
 */
export type ModelSession = Pick<ort.InferenceSession, 'inputNames' | 'outputNames' | 'inputMetadata' | 'outputMetadata' | 'run' | 'release'>;

export interface SessionRequest {
  model: Uint8Array;
  externalData: ExternalDataFile[];
  /** Keep outputs on the GPU (the GPU-resident denoising loop); runtimes without a GPU ignore it. */
  outputsOnGpu: boolean;
  /** Which of the pipeline's graphs this is (the engine says): a server holds its graphs by name. */
  graph?: ModelName;
}

/** Opens sessions on one runtime. */
export type SessionFactory = (request: SessionRequest) => Promise<ModelSession>;

/** onnxruntime-web on the chosen backend. */
export function webSessions(backend: 'webgpu' | 'wasm'): SessionFactory {
  return ({ model, externalData, outputsOnGpu }) =>
    ort.InferenceSession.create(model, {
      executionProviders: [backend === 'webgpu' ? WEBGPU_PROVIDER : 'wasm'],
      graphOptimizationLevel: 'all',
      ...(externalData.length > 0 ? { externalData } : {}),
      ...(outputsOnGpu && backend === 'webgpu' ? { preferredOutputLocation: 'gpu-buffer' as const } : {}),
    });
}

export async function createModelSession(
  spec: ModelSpec,
  model: Uint8Array,
  sessions: SessionFactory,
  externalData: ExternalDataFile[] = [],
  outputsOnGpu = false,
  graph?: ModelName,
): Promise<ModelSession> {
  let session: ModelSession;
  try {
    session = await sessions({ model, externalData, outputsOnGpu, ...(graph && { graph }) });
  } catch (cause) {
    // A server's refusal already says what to do; it is not a damaged file here.
    if (cause instanceof EngineError) throw cause;
    throw new EngineError(
      'corrupt-bundle',
      `${spec.path} could not be opened as an ONNX model (${String(cause instanceof Error ? cause.message : cause).slice(0, 200)}). Re-download the bundle.`,
      { cause },
    );
  }
  checkNames(spec, 'input', spec.inputs, session.inputNames);
  checkNames(spec, 'output', spec.outputs.map((name) => outputName(session, spec, name)), session.outputNames);
  checkFloatIo(spec, session);
  return session;
}

// The engine feeds and reads float32; fp16 bundles keep fp32 inputs and outputs (cast inside the graph).
function checkFloatIo(spec: ModelSpec, session: ModelSession): void {
  const halves = [
    ...spec.inputs.filter((name) => valueMetadata(session, 'input', name).type === 'float16'),
    ...spec.outputs.map((name) => outputName(session, spec, name)).filter((name) => valueMetadata(session, 'output', name).type === 'float16'),
  ];
  if (halves.length > 0) {
    throw new EngineError(
      'bundle-mismatch',
      `${spec.path} takes or gives float16 at ${halves.join(', ')}; this engine feeds and reads float32. Load the model's diffusers repo (its safetensors) instead: the plugin builds float32-IO graphs from it.`,
    );
  }
}

function checkNames(spec: ModelSpec, kind: string, expected: readonly string[], actual: readonly string[]): void {
  const missing = expected.filter((name) => !actual.includes(name));
  if (missing.length > 0) {
    throw new EngineError(
      'bundle-mismatch',
      `${spec.path} has no ${kind} named ${missing.map((n) => `"${n}"`).join(', ')} (it has ${actual.map((n) => `"${n}"`).join(', ')}). ` +
        (spec.mismatchAdvice ?? 'This is not an SD-1.5 inpainting model in the Optimum ONNX layout; load its diffusers repo (safetensors) instead.'),
    );
  }
}

/** dtype and (possibly symbolic) shape of a named input or output, as ORT reports them. */
export function valueMetadata(
  session: ModelSession,
  side: 'input' | 'output',
  name: string,
): { type: string; shape: readonly (number | string)[] } {
  const names = side === 'input' ? session.inputNames : session.outputNames;
  const all = side === 'input' ? session.inputMetadata : session.outputMetadata;
  const meta = all[names.indexOf(name)];
  if (!meta?.isTensor) return { type: 'float32', shape: [] };
  return { type: meta.type, shape: meta.shape };
}
