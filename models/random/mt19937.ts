/**
 * The 32-bit Mersenne Twister (Matsumoto & Nishimura), seeded with init_genrand as C++'s std::mt19937
 * and torch's at::mt19937 do. Outputs are unsigned 32-bit integers.
 */
const N = 624;
const M = 397;
const UPPER = 0x80000000;
const LOWER = 0x7fffffff;
const MATRIX_A = 0x9908b0df;

export class MT19937 {
  private readonly state = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0) throw new Error(`MT19937 seed must be a non-negative integer, got ${seed}`);
    // torch truncates its uint64 seed to 32 bits here; % keeps that exact for seeds up to 2^53.
    this.state[0] = seed % 2 ** 32;
    for (let i = 1; i < N; i++) {
      const prev = this.state[i - 1]! ^ (this.state[i - 1]! >>> 30);
      // 1812433253 * prev overflows 2^53, so multiply in 16-bit halves to stay exact mod 2^32.
      this.state[i] = (((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0xffff) * 1812433253 + i) >>> 0;
    }
  }

  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.state[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const s = this.state;
    for (let i = 0; i < N; i++) {
      const y = (s[i]! & UPPER) | (s[(i + 1) % N]! & LOWER);
      s[i] = s[(i + M) % N]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    this.index = 0;
  }
}
