import type { SessionRuntime } from '../engine/powerpaint-engine.js';
import { EngineError } from '../engine/errors.js';
import type { ModelSession } from './model-session.js';

/**
 * Node only: onnxruntime-node's native CPU backend. Unlike wasm it has no 4 GiB heap, so SD-1.5's UNet,
 * whose fp16 weights the CPU kernels widen to 3.4 GB of float32, fits. An optional dependency: install
 * it offline with `ONNXRUNTIME_NODE_INSTALL=skip` (its install step would fetch GPU libraries).
 */
export async function nativeRuntime(): Promise<SessionRuntime> {
  let ortNode: typeof import('onnxruntime-node');
  try {
    ortNode = await import('onnxruntime-node');
  } catch (cause) {
    throw new EngineError('missing-file', 'onnxruntime-node is not installed: run `ONNXRUNTIME_NODE_INSTALL=skip npm install` (or choose the wasm runtime).', { cause });
  }
  return {
    choice: { backend: 'native', reason: 'onnxruntime-node (native CPU)', adapter: undefined, shaderF16: false },
    create: async ({ model, externalData }) =>
      // Same interface as onnxruntime-web's session: it reads the web Tensors the engine builds by their fields.
      (await ortNode.InferenceSession.create(model, {
        graphOptimizationLevel: 'all',
        ...(externalData.length > 0 ? { externalData } : {}),
      })) as unknown as ModelSession,
  };
}
