/**
 * The one message protocol between the plugin's main thread (plugin/) and its window (ui/).
 * Both sides import these types and check every incoming message with ./validate.ts.
 * No Figma calls here: the UI room imports this file too.
 */
import type { Task } from '../../models/engine/types.js';

export type { Task };

/** What the person asked for besides the task; the engine reads these, the plugin only carries them. */
export interface TaskOptions {
  prompt?: string;
  negativePrompt?: string;
  /** Shape task only: 1 follows the drawn shape, 0 lets the object take its own shape. */
  fittingDegree?: number;
  seed?: number;
}

/** The selected layer as the UI shows it before anything runs. */
export interface SourceSummary {
  id: string;
  name: string;
  width: number;
  height: number;
}

// plugin -> ui

/** The menu command chose this task; `null` when the plugin was opened without one. */
export interface PreselectMessage {
  type: 'preselect';
  task: Task | null;
}

/** The current selection: a usable source, or why it can't be used (text for the person). */
export type SelectionMessage =
  | { type: 'selection'; source: SourceSummary; problem?: undefined }
  | { type: 'selection'; source: null; problem: string };

/** A job: the source pixels to run `task` on. */
export interface SourceMessage {
  type: 'source';
  jobId: string;
  sourceId: string;
  task: Task;
  options: TaskOptions;
  /** The layer's image fill as Figma stores it (PNG, JPEG, GIF or WebP), unrotated, at its own resolution. */
  image: Uint8Array;
  /** The image's size in pixels (not the layer's size on the canvas). */
  width: number;
  height: number;
  /** The layer's name. */
  name: string;
}

export interface ResultPlacedMessage {
  type: 'result-placed';
  jobId: string;
  nodeId: string;
  name: string;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
  jobId?: string;
}

export type PluginToUiMessage =
  | PreselectMessage
  | SelectionMessage
  | SourceMessage
  | ResultPlacedMessage
  | ErrorMessage;

// ui -> plugin

export interface ReadyMessage {
  type: 'ready';
}

export interface RunMessage {
  type: 'run';
  /** The source the UI showed when the person pressed Run. */
  sourceId: string;
  task: Task;
  options: TaskOptions;
}

export interface ResultMessage {
  type: 'result';
  jobId: string;
  /** The result image, PNG-encoded, the same size in pixels as the source image. */
  png: Uint8Array;
  width: number;
  height: number;
  /** Names the new layer, e.g. "Remove object". */
  taskLabel: string;
}

export interface CancelMessage {
  type: 'cancel';
  jobId: string;
}

export interface NotifyMessage {
  type: 'notify';
  message: string;
  error?: boolean;
}

export interface CloseMessage {
  type: 'close';
}

export interface ResizeMessage {
  type: 'resize';
  width: number;
  height: number;
}

export type UiToPluginMessage =
  | ReadyMessage
  | RunMessage
  | ResultMessage
  | CancelMessage
  | NotifyMessage
  | CloseMessage
  | ResizeMessage;
