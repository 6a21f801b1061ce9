import { linspace } from './numpy.js';

const f = Math.fround;

/** Karras et al. (2022) noise levels: rho = 7 interpolation between sigma_max and sigma_min, float64. */
export function karrasSigmas(sigmaMin: number, sigmaMax: number, n: number): number[] {
  const rho = 7;
  const minInv = sigmaMin ** (1 / rho);
  const maxInv = sigmaMax ** (1 / rho);
  return linspace(0, 1, n).map((ramp) => (maxInv + ramp * (minInv - maxInv)) ** rho);
}

/**
 * diffusers' _sigma_to_t: the fractional training timestep whose sigma is `sigma`, interpolating
 * log-sigma linearly. `logSigmas` are numpy float32 logs of the float32 training sigmas.
 */
export function sigmaToT(sigma: number, logSigmas: Float64Array): number {
  const logSigma = Math.log(Math.max(sigma, 1e-10));
  // argmax of the cumulative count of (logSigma >= logSigmas[i]): the last such i, 0 if none; at most length - 2.
  let lastAtOrBelow = 0;
  logSigmas.forEach((ls, i) => {
    if (logSigma - ls >= 0) lastAtOrBelow = i;
  });
  const low = Math.min(lastAtOrBelow, logSigmas.length - 2);
  const lo = logSigmas[low]!;
  const hi = logSigmas[low + 1]!;
  const w = Math.min(Math.max((lo - logSigma) / (lo - hi), 0), 1);
  return (1 - w) * low + w * (low + 1);
}

/** float32 logs, as `np.log` on diffusers' float32 sigma array. */
export function logSigmasF32(sigmas: Float64Array): Float64Array {
  return sigmas.map((s) => f(Math.log(s)));
}

/**
 * Variance-preserving alpha_t, sigma_t from a Karras sigma, in the float32 torch ops diffusers uses:
 * alpha_t = 1 / sqrt(sigma^2 + 1), sigma_t = sigma * alpha_t.
 */
export function alphaSigma(sigma: number): { alpha: number; sigma: number; lambda: number } {
  const alpha = f(1 / f(Math.sqrt(f(f(sigma * sigma) + 1))));
  const sigmaT = f(sigma * alpha);
  return { alpha, sigma: sigmaT, lambda: f(f(Math.log(alpha)) - f(Math.log(sigmaT))) };
}
