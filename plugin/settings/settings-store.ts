/// <reference types="@figma/plugin-typings" />
/**
 * The person's last settings in figma.clientStorage (per user, per plugin, on this machine), with a schema
 * version: what can't be read as the current version is replaced by defaults, keeping what still fits.
 */
import { SETTINGS_SCHEMA_VERSION, type Settings, type Task, type TaskOptions } from '../protocol/messages.js';
import { settingsProblem } from '../protocol/validate.js';
import { TASKS } from '../../models/engine/types.js';

export const SETTINGS_KEY = 'settings';

export function defaultSettings(): Settings {
  return { schemaVersion: SETTINGS_SCHEMA_VERSION, task: 'remove', options: {}, output: 'layer', seedMode: 'new', model: { from: 'catalog' } };
}

export async function loadSettingsAsync(): Promise<Settings> {
  let stored: unknown;
  try {
    stored = await figma.clientStorage.getAsync(SETTINGS_KEY);
  } catch (error) {
    console.warn('PowerPaint: could not read the last settings:', error);
    return defaultSettings();
  }
  if (stored === undefined) return defaultSettings();
  if (settingsProblem(stored) === undefined) return stored as Settings;
  return migrateSettings(stored);
}

export async function saveSettingsAsync(settings: Settings): Promise<void> {
  try {
    await figma.clientStorage.setAsync(SETTINGS_KEY, settings);
  } catch (error) {
    // Full storage (5 MB) or a storage error: the run itself is not affected.
    console.warn('PowerPaint: could not store the settings:', error);
  }
}

/** Remembers the task and options of a run as the last settings. */
export async function rememberRunAsync(task: Task, options: TaskOptions): Promise<void> {
  const settings = await loadSettingsAsync();
  const { aspectRatio: _ratio, outpaintSides: _sides, ...kept } = options;
  await saveSettingsAsync({ ...settings, task, options: { ...settings.options, [task]: task === 'outpaint' ? options : kept } });
}

/**
 * Settings of another schema. Version 1 (no seed choice, no model source) keeps its task, options and output,
 * with the new fields at their defaults; anything else unreadable keeps the task if it still exists.
 */
export function migrateSettings(stored: unknown): Settings {
  const settings = defaultSettings();
  if (typeof stored !== 'object' || stored === null) return settings;
  const record = stored as Record<string, unknown>;
  if (record['schemaVersion'] === 1) {
    const upgraded = { ...defaultSettings(), task: record['task'], options: record['options'], output: record['output'] };
    if (settingsProblem(upgraded) === undefined) return upgraded as Settings;
  }
  const task = record['task'];
  if ((TASKS as readonly unknown[]).includes(task)) settings.task = task as Task;
  return settings;
}
