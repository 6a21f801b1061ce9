/** The memory probe in Node: process.memoryUsage(), maxRSS, and GC events from perf_hooks. */
import { PerformanceObserver } from 'node:perf_hooks';
import type { MemoryProbe } from '../core/measure-engine.js';

export function nodeMemoryProbe(): MemoryProbe & { stop(): void } {
  let gcs: { at: number; ms: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcs.push({ at: entry.startTime, ms: entry.duration });
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    sample() {
      const m = process.memoryUsage();
      return { rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers };
    },
    cpuMs() {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
    highWater() {
      return { maxRss: process.resourceUsage().maxRSS * 1024 };
    },
    async takeGcs() {
      // GC entries arrive asynchronously: let the observer's callback run first.
      await new Promise((resolve) => setTimeout(resolve, 20));
      const taken = gcs;
      gcs = [];
      return taken;
    },
    stop() {
      observer.disconnect();
    },
  };
}
