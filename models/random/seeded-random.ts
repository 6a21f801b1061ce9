/**
 * A small, fast, seeded PRNG (mulberry32): PatchMatch's random initialisation and search, the test
 * bundle's weights, property tests. Why not the torch generator: nothing here has to match Python, and
 * this one is a few integer ops a draw with no allocation, which matters at millions of draws a run.
 * Integer ops and one exact division: same seed, same stream, bit for bit, in Node and every browser.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n) for n >= 1 (modulo bias is below 1e-5 for the n used here). */
  below(n: number): number {
    return this.nextUint32() % n;
  }
}
