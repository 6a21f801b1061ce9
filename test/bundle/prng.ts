import { SeededRandom } from '../../models/random/seeded-random.js';

/**
 * A tiny seeded PRNG (mulberry32) for the test bundle's weights.
 *
 * Only integer ops, one division and Math.sqrt (IEEE-exact) are used, so the same seed yields the same
 * float32 bits in Node and in every browser: bundles built in either place are byte-identical.
 */
export function mulberry32(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.nextFloat();
}

/** A 32-bit seed from a name (FNV-1a), so each weight tensor has its own stream. */
export function seedFromName(name: string, base = 0): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `count` floats uniform in [-scale, scale), rounded to float32. */
export function uniformWeights(name: string, count: number, scale: number): Float32Array {
  const next = mulberry32(seedFromName(name));
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (next() * 2 - 1) * scale;
  return out;
}

/** Uniform weights with variance 1/fanIn (Kaiming-like), so activations stay O(1) layer after layer. */
export function fanInWeights(name: string, count: number, fanIn: number): Float32Array {
  return uniformWeights(name, count, Math.sqrt(3 / fanIn));
}
