import type { Task } from './protocol/messages.js';

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
