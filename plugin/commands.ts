import type { Task, TaskOptions } from './protocol/messages.js';

/**
 * The manifest's menu commands and the task each one preselects; `open` preselects none.
 * manifest.test.ts checks that every command in manifest.json is listed here.
 */
export const MENU_COMMANDS: Readonly<Record<string, Task | null>> = {
  open: null,
  remove: 'remove',
  insert: 'object',
  shape: 'shape',
  outpaint: 'outpaint',
};

/** The task a command preselects; an unknown command (e.g. "Run last plugin" after a rename) opens plain. */
export function taskForCommand(command: string): Task | null {
  return Object.prototype.hasOwnProperty.call(MENU_COMMANDS, command) ? (MENU_COMMANDS[command] ?? null) : null;
}

/** Quick-action parameter keys (manifest `parameters`). */
export const PARAMETER_KEYS = { ratio: 'ratio', prompt: 'prompt' } as const;

/** Suggestions for the aspect-ratio parameter; "Frame" (or nothing) outpaints to the frame. */
export const RATIO_SUGGESTIONS = ['Frame', '1:1', '4:3', '3:2', '16:9', '2:1', '3:4', '2:3', '9:16'];

/**
 * Reads an aspect ratio as typed in a quick action: "16:9", "16/9", "16x9" or "1.78"; "Frame" or nothing
 * means the frame (undefined). Null when it can't be read.
 */
export function parseAspectRatio(text: string): number | undefined | null {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'frame') return undefined;
  const value = ratioValue(trimmed);
  return value >= ASPECT_RATIO_LIMITS.min && value <= ASPECT_RATIO_LIMITS.max ? value : null;
}

/** The widest and tallest canvas outpaint extends to (the window's ratio field takes the same range). */
export const ASPECT_RATIO_LIMITS = { min: 1 / 20, max: 20 } as const;

/** Why `text` is no ratio PowerPaint can extend to: not a ratio at all, or one beyond the limits. */
export function aspectRatioProblem(text: string): string {
  const value = ratioValue(text.trim().toLowerCase());
  if (value > 0 && value < ASPECT_RATIO_LIMITS.min) return `“${text}” is taller than PowerPaint extends to: use a ratio from 1:20 to 20:1.`;
  if (value > ASPECT_RATIO_LIMITS.max) return `“${text}” is wider than PowerPaint extends to: use a ratio from 1:20 to 20:1.`;
  return `“${text}” is not an aspect ratio. Use width:height, e.g. 16:9.`;
}

/** width / height of "16:9", "4/3", "2x1" or "1.5"; NaN for anything else. */
function ratioValue(trimmed: string): number {
  const pair = /^(\d+(?:\.\d+)?)\s*[:/x×]\s*(\d+(?:\.\d+)?)$/.exec(trimmed);
  const value = pair ? Number(pair[1]) / Number(pair[2]) : /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isFinite(value) ? value : NaN;
}

/** Quick-action parameters as task options (on top of the last settings); a problem text when unreadable. */
export function optionsFromParameters(parameters: Record<string, unknown> | undefined): { options: TaskOptions } | { problem: string } {
  const options: TaskOptions = {};
  if (parameters === undefined) return { options };
  const ratio = parameters[PARAMETER_KEYS.ratio];
  if (typeof ratio === 'string') {
    const value = parseAspectRatio(ratio);
    if (value === null) return { problem: aspectRatioProblem(ratio) };
    if (value !== undefined) options.aspectRatio = value;
  }
  const prompt = parameters[PARAMETER_KEYS.prompt];
  if (typeof prompt === 'string' && prompt.trim() !== '') options.prompt = prompt.trim();
  return { options };
}
