/// <reference types="@figma/plugin-typings" />
/**
 * A run: one job per source, in order, one at a time ("3 of 12"), or up to `jobsAtOnce` at a time when the
 * window's model runs on an inference server. Each job's pixels are read when its turn comes (so a layer
 * changed meanwhile is read as it is now); a job that can't start or fails is recorded and the run goes on;
 * after the last one the window gets a summary (and Figma a toast for several).
 *
 * One run, one undo step: Figma puts every document change a plugin makes between two calls to
 * `figma.commitUndo()` (or until it closes) into one undo step, so the run's placed layers (and the mask layers
 * they hide) are committed once, when the run ends, and one Cmd+Z takes back the whole batch.
 */
import { isSceneNode, pageOf } from '../document/node-tree.js';
import { maskSearch } from '../mask/find-mask-layers.js';
import { maskProblem } from '../mask/mask-shapes.js';
import type { MaskRule, OutputMode, PaintedMask, ResultImage, ResultMessage, RunMessage, Task, TaskOptions } from '../protocol/messages.js';
import { TASK_LABELS } from '../protocol/task-labels.js';
import { readSelection } from '../selection/read-selection.js';
import { sourceProblemText } from '../selection/source-problem-text.js';
import { reportProblem, type PluginSession } from '../session.js';
import { rememberRunAsync } from '../settings/settings-store.js';
import type { SourceNode } from '../source/classify-source.js';
import { planSourceNodeAsync, prepareSourceAsync, readSourcePixelsAsync } from '../source/prepare-source.js';
import type { SourcePlan } from '../source/source-plan.js';
import type { SourceProblem } from '../source/source-problem.js';
import { patchOutlineNotice, patchOutlineProblem } from '../write-back/patch-outline.js';
import { placeResultLayers } from '../write-back/place-result-layers.js';

interface BatchItem {
  sourceId: string;
  /** The name when the run started: a deleted layer is still named in messages. */
  sourceName?: string;
  /** The mask layers chosen when the run started (and shown before it): hidden ones still count. */
  maskLayerIds: string[];
  maskRule: MaskRule | null;
  /** Shapes an earlier run used up that would be its mask: named when the job finds no mask. */
  usedUpMaskNames: string[];
}

interface ActiveJob {
  jobId: string;
  item: BatchItem;
  sourceName: string;
  plan: SourcePlan;
  maskLayers: SceneNode[];
  /** The plan's notices, and why the results come whole when patches were asked for. */
  notices: string[];
  /** The result's images that came so far, when the window sends them one per message. */
  received: ResultImage[];
}

export interface Batch {
  task: Task;
  options: TaskOptions;
  paintedMask: PaintedMask | null;
  output: OutputMode;
  items: BatchItem[];
  next: number;
  /** Jobs the window is running, at most `jobsAtOnce`; results may come back in any order. */
  active: ActiveJob[];
  /** Jobs whose pixels are being read: their places are taken, so two results at once start no extra job. */
  starting: number;
  jobsAtOnce: number;
  placed: number;
  placedLayerIds: string[];
  failed: { sourceName: string; message: string }[];
}

/** Starts a run of `run.task` over `run.sourceIds`; the window gets the first job. */
export async function startBatchAsync(
  session: PluginSession,
  run: Pick<RunMessage, 'sourceIds' | 'task' | 'options' | 'mask' | 'usedMaskLayerIds' | 'output' | 'jobsAtOnce'>,
): Promise<void> {
  if (session.batch !== null) {
    reportProblem(session, 'PowerPaint is still running. Wait for it to finish or cancel it first.');
    return;
  }
  const masks = maskSearch(readSelection(figma.currentPage.selection).shapes);
  const items: BatchItem[] = [];
  for (const sourceId of run.sourceIds) {
    const node = await figma.getNodeByIdAsync(sourceId);
    const item: BatchItem = { sourceId, maskLayerIds: [], maskRule: null, usedUpMaskNames: [] };
    if (node !== null && isSceneNode(node)) {
      item.sourceName = node.name;
      const prepared = await prepareSourceAsync(node, run.task, run.options, masks);
      if (prepared.ok) {
        const { mask } = prepared.source;
        // Shapes cleared from the window's mask were not used: they stay as they are.
        const used = run.usedMaskLayerIds;
        item.maskLayerIds = mask.layers.map((layer) => layer.id).filter((id) => used === undefined || used.includes(id));
        item.maskRule = mask.rule;
        item.usedUpMaskNames = mask.usedUp.map((layer) => layer.name);
      }
    }
    items.push(item);
  }
  session.batch = {
    task: run.task,
    options: run.options,
    paintedMask: run.mask ?? null,
    output: run.output ?? 'layer',
    items,
    next: 0,
    active: [],
    starting: 0,
    jobsAtOnce: run.jobsAtOnce ?? 1,
    placed: 0,
    placedLayerIds: [],
    failed: [],
  };
  await rememberRunAsync(run.task, run.options);
  await advanceAsync(session);
}

/** Places a finished job's images over its source, unless the job was cancelled or its source is gone. */
export async function placeResultAsync(session: PluginSession, result: ResultMessage): Promise<void> {
  const batch = session.batch;
  const job = batch?.active.find((active) => active.jobId === result.jobId);
  if (batch === null || job === undefined) {
    console.warn(`PowerPaint: dropped the result of ${result.jobId}: it was cancelled or already placed.`);
    return;
  }
  const images = collectParts(job, result);
  if (images === null) return;
  settle(batch, job);
  const node = await figma.getNodeByIdAsync(job.item.sourceId);
  if (node === null || node.removed || !isSceneNode(node)) {
    fail(session, batch, job.sourceName, { kind: 'deleted', name: job.sourceName }, job.jobId);
    return advanceAsync(session);
  }
  try {
    const options = { ...batch.options, ...(result.options ?? {}) };
    const layers = placeResultLayers(node as SourceNode, { task: batch.task, options, plan: job.plan, maskLayers: job.maskLayers }, images);
    batch.placed++;
    batch.placedLayerIds.push(...layers.map((layer) => layer.id));
    session.post({
      type: 'result-placed',
      jobId: job.jobId,
      layers: layers.map((layer) => ({ id: layer.id, name: layer.name })),
      notices: job.notices,
    });
  } catch (error) {
    failWithText(session, batch, job.sourceName, `PowerPaint could not place the result: ${errorText(error)}`, job.jobId);
  }
  return advanceAsync(session);
}

/** All of a result's images once the last has come (the window sends one per message); null while some are missing. */
function collectParts(job: ActiveJob, result: ResultMessage): ResultImage[] | null {
  if (result.parts === undefined) return result.images;
  job.received.push(...result.images);
  return job.received.length >= result.parts ? job.received : null;
}

/** The window could not run a job: record it and go on with the next. */
export async function jobFailedAsync(session: PluginSession, jobId: string, message: string): Promise<void> {
  const batch = session.batch;
  const job = batch?.active.find((active) => active.jobId === jobId);
  if (batch === null || job === undefined) return;
  settle(batch, job);
  failWithText(session, batch, job.sourceName, message, jobId);
  return advanceAsync(session);
}

/** Cancels a job of the run, the others running beside it and the rest of the run; late results are dropped. */
export async function cancelBatchAsync(session: PluginSession, jobId: string): Promise<void> {
  const batch = session.batch;
  if (batch === null || !batch.active.some((active) => active.jobId === jobId)) return;
  batch.active = [];
  return finishAsync(session, batch, true);
}

/** A job is over (placed or failed): its place goes to the next. */
function settle(batch: Batch, job: ActiveJob): void {
  batch.active = batch.active.filter((active) => active !== job);
}

/** Starts jobs until `jobsAtOnce` run or none is left to start; finishes the run when the last is over. */
async function advanceAsync(session: PluginSession): Promise<void> {
  const batch = session.batch;
  if (batch === null) return;
  while (batch.active.length + batch.starting < batch.jobsAtOnce && batch.next < batch.items.length) {
    const index = batch.next++;
    batch.starting++;
    try {
      await startJobAsync(session, batch, batch.items[index]!, index);
    } finally {
      batch.starting--;
    }
    // Cancelled while this job's pixels were read: the run is over.
    if (session.batch !== batch) return;
  }
  if (batch.active.length === 0 && batch.starting === 0 && batch.next === batch.items.length) return finishAsync(session, batch, false);
}

async function startJobAsync(session: PluginSession, batch: Batch, item: BatchItem, index: number): Promise<boolean> {
  const node = await figma.getNodeByIdAsync(item.sourceId);
  const name = node?.name ?? item.sourceName;
  if (node === null || node.removed || !isSceneNode(node)) {
    fail(session, batch, name ?? 'A layer', name === undefined ? { kind: 'deleted' } : { kind: 'deleted', name });
    return false;
  }
  // The mask layers were chosen when the run started: no page search per job.
  const planned = await planSourceNodeAsync(node, batch.task, batch.options);
  if (!planned.ok) return fail(session, batch, node.name, planned.problem);
  const maskLayers = await liveNodesAsync(item.maskLayerIds);
  const read = await readSourcePixelsAsync(planned.source, batch.task, batch.options, { layers: maskLayers, rule: item.maskRule });
  if (!read.ok) return fail(session, batch, node.name, read.problem);
  const { plan, pixels } = read;
  const painted = batch.paintedMask;
  if (painted !== null && (painted.width !== pixels.canvas.width || painted.height !== pixels.canvas.height)) {
    return fail(session, batch, node.name, { kind: 'mask-size', name: node.name, width: pixels.canvas.width, height: pixels.canvas.height });
  }
  const problem = maskProblem(batch.task, node.name, pixels.masks, painted !== null, pixels.canvas, pixels.outpaintRegion);
  if (problem?.kind === 'no-mask') return fail(session, batch, node.name, { ...problem, usedUp: item.usedUpMaskNames });
  if (problem !== undefined) return fail(session, batch, node.name, problem);

  const outline = batch.output === 'patch' ? patchOutlineProblem(planned.source.node, plan) : null;
  const output = outline === null ? batch.output : 'layer';
  const notices = outline === null ? pixels.notices : [...pixels.notices, patchOutlineNotice(node.name, outline)];
  // Cancelled while the pixels were read (another job's Cancel): this one never goes out.
  if (session.batch !== batch) return false;
  const jobId = `job-${session.nextJobNumber++}`;
  batch.active.push({ jobId, item, sourceName: node.name, plan, maskLayers, notices, received: [] });
  session.post({ type: 'job', jobId, options: batch.options, index: index + 1, count: batch.items.length, paintedMask: painted, ...pixels, notices, output });
  return true;
}

async function liveNodesAsync(ids: readonly string[]): Promise<SceneNode[]> {
  const nodes = await Promise.all(ids.map((id) => figma.getNodeByIdAsync(id)));
  return nodes.filter((node): node is SceneNode => node !== null && !node.removed && isSceneNode(node));
}

function fail(session: PluginSession, batch: Batch, sourceName: string, problem: SourceProblem, jobId?: string): false {
  const single = batch.items.length === 1;
  failWithText(session, batch, sourceName, sourceProblemText(problem, single ? TASK_LABELS[batch.task] : null), jobId);
  return false;
}

function failWithText(session: PluginSession, batch: Batch, sourceName: string, text: string, jobId?: string): void {
  batch.failed.push({ sourceName, message: text });
  if (batch.items.length === 1) {
    reportProblem(session, text, jobId);
  } else {
    const message = `${sourceName}: ${text}`.slice(0, 1000);
    session.post(jobId === undefined ? { type: 'error', message } : { type: 'error', message, jobId });
  }
}

async function finishAsync(session: PluginSession, batch: Batch, cancelled: boolean): Promise<void> {
  session.batch = null;
  // Everything the run placed, as one undo step (a cancelled run keeps what it placed, also as one step).
  if (batch.placed > 0) figma.commitUndo();
  const count = batch.items.length;
  // Before the summary: once the window hears the run is over, the plugin has nothing left to do for it.
  if (count > 1) await selectPlacedAsync(batch.placedLayerIds);
  // The window shows the summary; a toast would say it a second time.
  session.post({ type: 'batch-done', count, placed: batch.placed, failed: batch.failed, cancelled });
}

/** After several jobs: all their new layers selected. */
async function selectPlacedAsync(ids: readonly string[]): Promise<void> {
  const nodes = await liveNodesAsync(ids);
  if (nodes.length > 0) figma.currentPage.selection = nodes.filter((node) => pageOf(node) === figma.currentPage);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
