import type { PluginToUiMessage, Task, TaskOptions } from './protocol/messages.js';
import type { Batch } from './run/batch.js';

/** What one opening of the plugin remembers between messages. */
export interface PluginSession {
  post(message: PluginToUiMessage): void;
  /** The task the menu command chose, sent to the window once it is ready. */
  preselectedTask: Task | null;
  /** Options from a relaunch ("Run again") or quick-action parameters, over the last settings. */
  presetOptions?: TaskOptions;
  /** A quick action: start the run as soon as the window is ready, with the last settings. */
  autoRun: boolean;
  /** Why the command could not run, when too long for a toast: the window shows it once it is ready. */
  startupProblem?: string;
  /** The run in progress, one job at a time; null when idle. */
  batch: Batch | null;
  nextJobNumber: number;
}

export function newSession(post: PluginSession['post'], preselectedTask: Task | null): PluginSession {
  return { post, preselectedTask, autoRun: false, batch: null, nextJobNumber: 1 };
}

/**
 * A problem the person must act on, shown once: in the window's action bar, which stays in view. A Figma
 * toast as well would show it twice (and cut it at 100 characters); toasts are for when there is no window.
 */
export function reportProblem(session: PluginSession, text: string, jobId?: string): void {
  session.post(jobId === undefined ? { type: 'error', message: text } : { type: 'error', message: text, jobId });
}

/** Figma's toasts: "It is limited to 100 characters. Longer messages will be truncated." (plugin-api.d.ts, notify) */
export const TOAST_LIMIT = 100;
