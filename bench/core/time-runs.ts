/** Median wall and process-CPU times of a job's runs, with every run's wall time. */
export interface RunTimes {
  medianMs: number;
  medianCpuMs: number;
  allMs: number[];
}

/**
 * Runs `job` `runs` times, after one untimed run when `warmUp`. Process CPU time beside wall time:
 * this machine's cores are shared, and wall time counts the others' work too.
 */
export async function timeRuns(job: () => unknown, runs: number, warmUp = false): Promise<RunTimes> {
  if (warmUp) await job();
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await job();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { medianMs: median(walls), medianCpuMs: median(cpus), allMs: walls };
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1]!;
}
