/**
 * The one message protocol between the plugin's main thread (plugin/) and its window (ui/).
 * Both sides import these types and check every incoming message with ./validate.ts.
 * No Figma calls here: the UI room imports this file too.
 *
 * The flow
 * --------
 *   ui -> ready                        plugin -> preselect (task, relaunch options, quick action?)
 *                                      plugin -> settings  (last settings from clientStorage, schema-versioned)
 *                                      plugin -> selection (sources, their mask layers and outpaint target)
 *   selection changes                  plugin -> selection
 *   ui -> load-source {sourceId,task}  plugin -> source    (pixels + canvas + mask paths: for the brush editor and preview)
 *   ui -> run {sourceIds,task,options,mask?,output?}
 *                                      plugin -> job       (1 of N: pixels, canvas, mask paths, outpaint region)
 *   ui -> result {jobId, images}       plugin places the layer(s) -> result-placed, then the next job
 *   ui -> job-failed {jobId, message}  plugin -> error (with jobId), then the next job
 *                                      plugin -> batch-done (placed/failed counts) after the last job of a run
 *   ui -> cancel {jobId}               the job and the rest of its batch are dropped; a late result is ignored
 *   ui -> save-settings {settings}     stored in figma.clientStorage
 *
 * Pixel spaces
 * ------------
 * Every job works on a *canvas*: `canvas.width × canvas.height` pixels. The result image (or the sum of its
 * patches) is in canvas pixels. The source image (`image`, `imageWidth × imageHeight`, bytes as Figma stores
 * them or a PNG export) is drawn onto the canvas by `imageTransform` (image pixels -> canvas pixels; identity
 * unless outpainting or a FIT fill). Mask shapes and the outpaint region are SVG path data already in canvas
 * pixels: draw them with canvas `Path2D` + `fill(windingRule === 'EVENODD' ? 'evenodd' : 'nonzero')`.
 * Pixels to repaint = union of all mask shapes, the UI-painted mask and (outpaint) the outpaint region.
 *
 * Results: each `ResultImage` is either the whole canvas (x = y = 0, width/height = canvas size) or a patch
 * (any sub-rectangle of the canvas, at canvas resolution) placed exactly over its region. A job whose `output` is
 * 'layer' because of its source's shape refuses patches. No side may exceed 4096 px (Figma's image limit): the
 * plugin keeps canvases at or under it and says so in `notices`.
 */
import type { Task } from '../../models/engine/types.js';

export type { Task };

/** Largest image side Figma accepts (figma.createImage). Canvases and result images never exceed it. */
export const MAX_IMAGE_SIDE = 4096;

/** Schema version of `Settings` as stored in clientStorage; bump when its shape changes. */
export const SETTINGS_SCHEMA_VERSION = 2;

/** What the person asked for besides the task; the engine reads these, the plugin carries and stores them. */
export interface TaskOptions {
  prompt?: string;
  negativePrompt?: string;
  /** Shape task only: 1 follows the drawn shape, 0 lets the object take its own shape. */
  fittingDegree?: number;
  seed?: number;
  steps?: number;
  guidance?: number;
  /** Scheduler short or class name ('ddim', 'dpmpp-2m-karras', …). */
  scheduler?: string;
  /** How many variations to make (1 to 8). */
  variations?: number;
  /** Outpaint only: extend to this aspect ratio (width / height, e.g. 16/9) instead of to the frame. */
  aspectRatio?: number;
  /**
   * Outpaint only: add this many whole image pixels on every side instead of extending to the frame
   * (1 to `MAX_OUTPAINT_SIDES`; the canvas is then scaled down to 4096 px a side if it would pass it, with a
   * notice). Not together with `aspectRatio`.
   */
  outpaintSides?: number;
}

/** Largest `TaskOptions.outpaintSides`. */
export const MAX_OUTPAINT_SIDES = 4096;

/** 2×3 affine matrix in Figma's layout: [[a, c, e], [b, d, f]] maps (x, y) to (a·x + c·y + e, b·x + d·y + f). */
export type Matrix = [[number, number, number], [number, number, number]];

/** One outline as SVG path data (M, L, C, Q, Z, absolute) in canvas pixels. */
export interface PathData {
  windingRule: 'NONZERO' | 'EVENODD';
  data: string;
}

/** A Figma layer that is part of the mask. */
export interface MaskLayer {
  id: string;
  name: string;
}

/** A mask layer's outline in canvas pixels. */
export interface MaskShape extends MaskLayer {
  paths: PathData[];
}

/**
 * Why these layers are the mask (the UI says it in words):
 * 'selected' — shape layers selected together with the source;
 * 'named'    — visible layers whose name contains the word "mask" that overlap the source;
 * 'above'    — visible shape layers above the source in the same parent that overlap it.
 * null when there are none (the person paints a mask in the window instead).
 */
export type MaskRule = 'selected' | 'named' | 'above';

/** What can be selected as a source: a layer with an image fill, or a frame/group that is exported. */
export type SourceKind = 'image' | 'frame' | 'group';

/**
 * What outpaint fills, for a source: the frame around the image, the empty bands of a FIT fill, an aspect ratio,
 * or a margin of pixels on every side.
 */
export interface OutpaintSummary {
  target: 'frame' | 'fit-bands' | 'ratio' | 'sides';
  /** The frame's name for 'frame'. */
  name?: string;
  /** Canvas size in pixels. */
  width: number;
  height: number;
}

/** One usable source as the window shows it before anything runs. */
export interface SourceSummary {
  id: string;
  name: string;
  kind: SourceKind;
  /** Canvas size in pixels for every task but outpaint (= the image's own size for a whole image fill). */
  width: number;
  height: number;
  maskLayers: MaskLayer[];
  maskRule: MaskRule | null;
  /** Mask shapes an earlier run used and hid, that would be the mask if shown; empty when `maskLayers` is not. */
  usedUpMaskLayers: MaskLayer[];
  /**
   * What "Outpaint to frame" would fill (the selection message asks without a ratio or margin); null when there is
   * nothing to extend to (an aspect ratio or pixels per side still work).
   */
  outpaint: OutpaintSummary | null;
}

/** A selected layer that can't be used, and why (text for the person). */
export interface SkippedLayer {
  id: string;
  name: string;
  reason: string;
}

/** Pixels and geometry of one source for one task: what `source` and `job` carry. */
export interface SourcePixels {
  sourceId: string;
  /** The layer's name. */
  name: string;
  kind: SourceKind;
  task: Task;
  canvas: { width: number; height: number };
  /** The layer's image as Figma stores it (PNG, JPEG, GIF or WebP), or a PNG export of the layer. */
  image: Uint8Array;
  imageWidth: number;
  imageHeight: number;
  /** Image pixels -> canvas pixels. */
  imageTransform: Matrix;
  /** Mask layers' outlines in canvas pixels (empty when none). */
  masks: MaskShape[];
  maskRule: MaskRule | null;
  /** Outpaint only: the canvas area to fill (outside the image), in canvas pixels; null for other tasks. */
  outpaintRegion: PathData[] | null;
  /** Things the person should know, e.g. that a large layer was read at a smaller scale. */
  notices: string[];
}

/** A mask painted in the window, at canvas resolution: PNG, painted (repaint) where alpha or luminance ≥ 128. */
export interface PaintedMask {
  png: Uint8Array;
  width: number;
  height: number;
}

/** Where the model panel loads a model from: a catalog entry, a typed URL, or a folder picked each session. */
export interface ModelSourceSetting {
  from: 'catalog' | 'url' | 'folder';
  /** The catalog entry chosen (an id of models/bundle/catalog.ts). */
  catalogId?: string;
  /** The bundle URL typed in (the folder holding powerpaint.json). */
  url?: string;
  /** The Hugging Face repo pasted for "Any Hugging Face repo…" (owner/name[@rev] or its URL). */
  repo?: string;
  /** A Hugging Face access token for gated or private repos: kept in clientStorage only, never shown or logged. */
  hubToken?: string;
  /** Run the model on a team's inference server (Triton, KServe) instead of this computer: pictures go there. */
  serverOn?: boolean;
  /** That server's URL (http(s)://host:port); its host must be in the build's networkAccess (docs/inference-server.md). */
  serverUrl?: string;
  /** Its bearer token: kept in clientStorage only, never shown or logged. */
  serverToken?: string;
  /** Jobs of a batch sent to it at once (1 to MAX_JOBS_AT_ONCE; DEFAULT_SERVER_JOBS when absent). */
  serverJobs?: number;
}

/** Jobs a batch keeps on an inference server at once unless the person says otherwise: its GPU batches them. */
export const DEFAULT_SERVER_JOBS = 4;

/** A result as a new layer the size of the source ('layer'), or only the changed area placed over it ('patch'). */
export type OutputMode = 'layer' | 'patch';

/**
 * What the person chose last, kept in figma.clientStorage across runs.
 * Version 2 added `seedMode` and `model`; version 1 settings are read as 2 with those at their defaults.
 */
export interface Settings {
  schemaVersion: typeof SETTINGS_SCHEMA_VERSION;
  /** The task chosen last. */
  task: Task;
  /** The options used last, per task. */
  options: Partial<Record<Task, TaskOptions>>;
  /** Place results as a new layer the size of the source, or as a patch over the changed area. */
  output: OutputMode;
  /** 'lock': run again with the stored seed of the task; 'new': a fresh seed every run. */
  seedMode: 'lock' | 'new';
  /** The model source chosen in the model panel. */
  model: ModelSourceSetting;
}

// plugin -> ui ---------------------------------------------------------------------------------------

/**
 * Sent once after `ready`. `task`: the menu command's task, null when opened without one. `options`: set by
 * a relaunch ("Run again") or quick-action parameters, to use instead of the last settings. `autoRun`: the
 * plugin has started the run itself (quick action); the window just shows progress.
 */
export interface PreselectMessage {
  type: 'preselect';
  task: Task | null;
  options?: TaskOptions;
  autoRun?: boolean;
}

/** The last settings (defaults when none were stored, or an older schema could not be read). */
export interface SettingsMessage {
  type: 'settings';
  settings: Settings;
}

/** The current selection: usable sources in layer order, skipped layers, and a problem when none is usable. */
export interface SelectionMessage {
  type: 'selection';
  sources: SourceSummary[];
  skipped: SkippedLayer[];
  /** Why nothing can run, ending in what to do; null when `sources` is not empty. */
  problem: string | null;
}

/** Answer to `load-source`: a source's pixels, for the mask editor and preview. No job is started. */
export interface SourceMessage extends SourcePixels {
  type: 'source';
  /** The `requestId` of the `load-source` this answers: answers can overtake each other. */
  requestId: string;
}

/** One job of a run: `index` of `count` (1-based), e.g. "3 of 12". */
export interface JobMessage extends SourcePixels {
  type: 'job';
  jobId: string;
  options: TaskOptions;
  index: number;
  count: number;
  /** The mask the person painted, as sent with `run` (single-source runs only). */
  paintedMask: PaintedMask | null;
  /**
   * How the window sends this job's results: the run's output, except 'layer' where a rectangular patch can't
   * stand over the source (an ellipse, rounded corners, a stroke: `notices` says so).
   */
  output: OutputMode;
}

/** The layer(s) a result became. */
export interface ResultPlacedMessage {
  type: 'result-placed';
  jobId: string;
  layers: MaskLayer[];
  notices: string[];
}

/** After the last job of a run (also after a cancel): what happened, for a summary. */
export interface BatchDoneMessage {
  type: 'batch-done';
  count: number;
  placed: number;
  failed: { sourceName: string; message: string }[];
  cancelled: boolean;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
  jobId?: string;
}

export type PluginToUiMessage =
  | PreselectMessage
  | SettingsMessage
  | SelectionMessage
  | SourceMessage
  | JobMessage
  | ResultPlacedMessage
  | BatchDoneMessage
  | ErrorMessage;

// ui -> plugin ---------------------------------------------------------------------------------------

export interface ReadyMessage {
  type: 'ready';
}

/** Asks for a source's pixels for `task` (the canvas depends on it: outpaint extends it). */
export interface LoadSourceMessage {
  type: 'load-source';
  /** Echoed in the `source` answer, so the window keeps only the answer to its latest request. */
  requestId: string;
  sourceId: string;
  task: Task;
  options?: TaskOptions;
}

/** Runs `task` on each source in order (one job each). `mask`, when painted, only with one source. */
export interface RunMessage {
  type: 'run';
  sourceIds: string[];
  task: Task;
  options: TaskOptions;
  mask?: PaintedMask;
  /**
   * With `mask`: the Figma mask layers the painted mask still holds (the person may have cleared some in the
   * window). Only these are hidden after the run; without it every mask layer the plugin chose was used.
   */
  usedMaskLayerIds?: string[];
  /** How the person wants results placed; 'layer' when absent. */
  output?: OutputMode;
  /**
   * Jobs the window runs at once (1 when absent): more than one only when its model runs on an inference server,
   * which batches concurrent requests on its GPU. At most MAX_JOBS_AT_ONCE.
   */
  jobsAtOnce?: number;
}

export const MAX_JOBS_AT_ONCE = 16;

/** One image of a result: the whole canvas or a patch of it, in canvas pixels. */
export interface ResultImage {
  png: Uint8Array;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The seed this image was made with; names the layer "Remove · seed 1234". */
  seed?: number;
  /** 0-based variation index. */
  variation: number;
}

/**
 * A finished job: the image(s) to insert ("Insert" one variation, or "Insert all"). The window sends one image
 * per message, each with `parts` (how many the result has): up to 8 PNGs of 4096 px in one message is the kind
 * of message that has crashed Figma. The plugin places them together when the last has come. Without `parts`,
 * `images` is the whole result.
 */
export interface ResultMessage {
  type: 'result';
  jobId: string;
  images: ResultImage[];
  parts?: number;
  /** The options the engine actually used (defaults filled in); stored on the layer for "Run again". */
  options?: TaskOptions;
}

/** The window could not run a job (engine error, empty painted mask…); a batch goes on with the next one. */
export interface JobFailedMessage {
  type: 'job-failed';
  jobId: string;
  message: string;
}

/** Cancels the job and the rest of its run. */
export interface CancelMessage {
  type: 'cancel';
  jobId: string;
}

export interface SaveSettingsMessage {
  type: 'save-settings';
  settings: Settings;
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
  | LoadSourceMessage
  | RunMessage
  | ResultMessage
  | JobFailedMessage
  | CancelMessage
  | SaveSettingsMessage
  | NotifyMessage
  | CloseMessage
  | ResizeMessage;
