import type { Task } from '../protocol/messages.js';

/** The task as a layer name starts: short, in the person's words. */
export const TASK_LAYER_NAMES: Readonly<Record<Task, string>> = {
  remove: 'Remove',
  object: 'Insert',
  shape: 'Fill shape',
  outpaint: 'Outpaint',
};

/** "Remove · seed 1234", "Insert · seed 7 · patch"; without a seed just the task. */
export function resultLayerName(task: Task, seed: number | undefined, isPatch: boolean): string {
  return [TASK_LAYER_NAMES[task], ...(seed === undefined ? [] : [`seed ${seed}`]), ...(isPatch ? ['patch'] : [])].join(' · ');
}
