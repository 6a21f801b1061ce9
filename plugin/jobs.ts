import type { Task } from './protocol/messages.js';

/** A run the window is working on: which layer it came from, so the result can be placed over it. */
export interface Job {
  sourceId: string;
  sourceName: string;
  task: Task;
}

/** Jobs by id. A cancelled job is forgotten, so its late result is dropped rather than placed. */
export class Jobs {
  private readonly byId = new Map<string, Job>();
  private nextNumber = 1;

  start(job: Job): string {
    const jobId = `job-${this.nextNumber++}`;
    this.byId.set(jobId, job);
    return jobId;
  }

  /** Returns the job and forgets it: each job places at most one result. */
  finish(jobId: string): Job | undefined {
    const job = this.byId.get(jobId);
    this.byId.delete(jobId);
    return job;
  }

  cancel(jobId: string): void {
    this.byId.delete(jobId);
  }
}
