/// <reference types="@figma/plugin-typings" />
/**
 * The settings a result was made with, stored on its layer (pluginData) so "Run again" (the relaunch button)
 * can run the same task with the same options on the same source.
 */
import type { Task, TaskOptions } from '../protocol/messages.js';
import { TASKS } from '../../models/engine/types.js';

export const RESULT_DATA_KEY = 'powerpaint';
export const RESULT_DATA_VERSION = 1;
/** The relaunch command (manifest `relaunchButtons`). */
export const RELAUNCH_COMMAND = 'rerun';

export interface ResultData {
  version: typeof RESULT_DATA_VERSION;
  task: Task;
  options: TaskOptions;
  sourceId: string;
  sourceName: string;
  variation: number;
  /** The region of the source's canvas this layer covers, in canvas pixels. */
  region: { x: number; y: number; width: number; height: number };
  canvas: { width: number; height: number };
}

/**
 * The most of a layer name the relaunch description quotes: Figma throws past 1,000 characters of description
 * and shows only three lines of it (plugin-api.d.ts, setRelaunchData).
 */
const RELAUNCH_NAME_LIMIT = 80;

export function writeResultData(layer: SceneNode, data: ResultData, taskLabel: string): void {
  layer.setPluginData(RESULT_DATA_KEY, JSON.stringify(data));
  const seed = data.options.seed === undefined ? '' : ` with seed ${data.options.seed}`;
  const name = data.sourceName.length > RELAUNCH_NAME_LIMIT ? `${data.sourceName.slice(0, RELAUNCH_NAME_LIMIT - 1)}…` : data.sourceName;
  layer.setRelaunchData({ [RELAUNCH_COMMAND]: `${taskLabel}${seed} on “${name}” again` });
}

/** The stored settings, or null when the layer has none or they can't be read. */
export function readResultData(node: BaseNode): ResultData | null {
  const raw = node.getPluginData(RESULT_DATA_KEY);
  if (raw === '') return null;
  try {
    const data = JSON.parse(raw) as Partial<ResultData>;
    const ok =
      data.version === RESULT_DATA_VERSION &&
      (TASKS as readonly unknown[]).includes(data.task) &&
      typeof data.sourceId === 'string' &&
      typeof data.options === 'object' &&
      data.options !== null;
    return ok ? (data as ResultData) : null;
  } catch {
    return null;
  }
}
