import { EngineError } from '../engine/errors.js';

/** NaN or Inf anywhere means the model broke down (fp16 UNets do on some GPUs); never decode that. */
export function assertFinite(values: Float32Array, where: string, backend: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw nonFiniteError(where, backend);
  }
}

export function nonFiniteError(where: string, backend: string): EngineError {
  return new EngineError(
    'non-finite',
    `The model produced invalid numbers (NaN/Inf) in ${where} on ${backend}. ` +
      (backend === 'webgpu'
        ? 'This is a known fp16 problem on some GPUs: switch the runtime to wasm or use the fp32 bundle, then run again.'
        : 'The bundle is likely damaged: verify or re-download it, then run again.'),
  );
}
