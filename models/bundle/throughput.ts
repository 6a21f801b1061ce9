/**
 * Download speed over the last few seconds and the time left at that speed. A sliding window, not the
 * average since the start: after a stall or a resume the estimate follows the connection as it is now.
 */
export class Throughput {
  private samples: { at: number; bytes: number }[] = [];

  constructor(
    private readonly windowMs = 5000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `bytes`: the running total so far (not the increment). */
  record(bytes: number): void {
    const at = this.now();
    this.samples.push({ at, bytes });
    while (this.samples.length > 2 && this.samples[0]!.at < at - this.windowMs) this.samples.shift();
  }

  /** Bytes per second, once there is at least 200 ms of history. */
  get bytesPerSecond(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.at - first.at < 200) return undefined;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }

  etaMs(remainingBytes: number): number | undefined {
    const speed = this.bytesPerSecond;
    if (remainingBytes <= 0) return 0;
    return speed && speed > 0 ? (remainingBytes * 1000) / speed : undefined;
  }
}
