import type { Task } from './messages.js';

/** The tasks in the person's words, as the menu and the new layer's name say them. */
export const TASK_LABELS: Readonly<Record<Task, string>> = {
  remove: 'Remove object',
  object: 'Insert object',
  shape: 'Fill shape',
  outpaint: 'Outpaint to frame',
};
