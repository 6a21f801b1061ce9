/** What the model predicts (diffusers' prediction_type) and how to recover x0 or epsilon from it. */
export type PredictionType = 'epsilon' | 'v_prediction' | 'sample';
export const PREDICTION_TYPES: readonly PredictionType[] = ['epsilon', 'v_prediction', 'sample'];

/** x0 from the model output at a noise level x_t = alpha * x0 + sigma * eps (float64, stored float32). */
export function predictX0(type: PredictionType, modelOutput: Float32Array, sample: Float32Array, alpha: number, sigma: number): Float32Array {
  const out = new Float32Array(sample.length);
  for (let i = 0; i < out.length; i++) {
    const m = modelOutput[i]!;
    const x = sample[i]!;
    out[i] = type === 'epsilon' ? (x - sigma * m) / alpha : type === 'v_prediction' ? alpha * x - sigma * m : m;
  }
  return out;
}

/** epsilon from the model output at the same noise level. */
export function predictEpsilon(type: PredictionType, modelOutput: Float32Array, sample: Float32Array, alpha: number, sigma: number): Float32Array {
  if (type === 'epsilon') return modelOutput;
  const out = new Float32Array(sample.length);
  for (let i = 0; i < out.length; i++) {
    const m = modelOutput[i]!;
    const x = sample[i]!;
    out[i] = type === 'v_prediction' ? alpha * m + sigma * x : (x - alpha * m) / sigma;
  }
  return out;
}

/** Both tensors of a step or addNoise call must have the latent's size. */
export function checkSameLength(other: Float32Array, sample: Float32Array, where: string): void {
  if (other.length !== sample.length) throw new Error(`${where}: got ${other.length} values for a sample of ${sample.length}.`);
}
