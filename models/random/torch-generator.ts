/**
 * torch's CPU generator, bit for bit: after `torch.manual_seed(seed)` (or a CPU `torch.Generator` seeded
 * so), `torch.randn(n)` in float32 equals `new TorchCpuGenerator(seed).randn(n)`, and later calls continue
 * the same stream. Why: the same seed then gives the same initial latents (and Euler-ancestral / LCM step
 * noise) as a diffusers pipeline run with a CPU generator, so results can be compared with Python.
 *
 * The algorithm (aten/src/ATen/native/cpu/DistributionTemplates.h `normal_fill`, and
 * aten/src/ATen/core/DistributionsHelper.h `normal_distribution<double>`):
 * - the engine is mt19937 seeded with the seed (init_genrand, seed truncated to 32 bits);
 * - a float uniform is `(random32 & (2^24 - 1)) * 2^-24`; a double uniform takes two draws,
 *   `((hi << 32 | lo) & (2^53 - 1)) * 2^-53`;
 * - n >= 16: fill all n with float uniforms, then Box-Muller in blocks of 16 (u1 = 1 - d[j], u2 = d[j+8],
 *   r = sqrt(-2 ln u1), theta = 2 pi u2, d[j] = r cos theta, d[j+8] = r sin theta, all float32); if n % 16
 *   is not 0, the LAST 16 values are refilled with fresh uniforms and transformed again;
 * - n < 16: each value is a double Box-Muller draw (u1, u2 double uniforms, r = sqrt(-2 log1p(-u2)),
 *   theta = 2 pi u1) returning r cos theta and caching r sin theta in the generator for the next value,
 *   across calls (the cache survives n >= 16 calls, which don't use it).
 * The uniforms, the stream position and the structure are exact. The float32 logf/cosf/sinf of the
 * n >= 16 path are computed here in float64 and rounded; torch itself uses a vectorised libm whose choice
 * depends on the CPU build (Sleef on AVX2, glibc's libmvec on AVX512, up to a few ulps), so its results
 * differ across machines by ~1e-6 and so do ours from any one of them. The n < 16 path is exact.
 */
import type { GaussianSource } from './gaussian-source.js';
import { MT19937 } from './mt19937.js';

const fround = Math.fround;
const TWO_POW_M24 = 2 ** -24;
const TWO_POW_M53 = 2 ** -53;
// `2.0f * c10::pi<double>` is evaluated in double; the product with u2 is then stored as float.
const TWO_PI = 2 * Math.PI;

export class TorchCpuGenerator implements GaussianSource {
  private readonly engine: MT19937;
  private cachedNormal: number | null = null;

  constructor(seed: number) {
    this.engine = new MT19937(seed);
  }

  randn(count: number): Float32Array {
    if (!Number.isInteger(count) || count < 0) throw new Error(`randn count must be a non-negative integer, got ${count}`);
    const out = new Float32Array(count);
    if (count < 16) {
      for (let i = 0; i < count; i++) out[i] = this.normalDouble();
      return out;
    }
    for (let i = 0; i < count; i++) out[i] = this.uniformFloat();
    for (let i = 0; i + 16 <= count; i += 16) boxMuller16(out, i);
    if (count % 16 !== 0) {
      const start = count - 16;
      for (let i = start; i < count; i++) out[i] = this.uniformFloat();
      boxMuller16(out, start);
    }
    return out;
  }

  private uniformFloat(): number {
    return (this.engine.nextUint32() & 0xffffff) * TWO_POW_M24;
  }

  private uniformDouble(): number {
    const hi = this.engine.nextUint32();
    const lo = this.engine.nextUint32();
    // The low 53 bits of hi:lo are the low 21 bits of hi followed by all of lo.
    return ((hi & 0x1fffff) * 2 ** 32 + lo) * TWO_POW_M53;
  }

  private normalDouble(): number {
    if (this.cachedNormal !== null) {
      const cached = this.cachedNormal;
      this.cachedNormal = null;
      return cached;
    }
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    const r = Math.sqrt(-2 * Math.log1p(-u2));
    const theta = 2 * Math.PI * u1;
    this.cachedNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

function boxMuller16(data: Float32Array, offset: number): void {
  for (let j = offset; j < offset + 8; j++) {
    const u1 = fround(1 - data[j]!);
    const u2 = data[j + 8]!;
    const radius = fround(Math.sqrt(fround(-2 * fround(Math.log(u1)))));
    const theta = fround(TWO_PI * u2);
    data[j] = radius * fround(Math.cos(theta));
    data[j + 8] = radius * fround(Math.sin(theta));
  }
}
