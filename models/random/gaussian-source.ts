/** Something that yields standard normal samples deterministically (a seeded generator). */
export interface GaussianSource {
  randn(count: number): Float32Array;
}
