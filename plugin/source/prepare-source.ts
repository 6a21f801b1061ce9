/// <reference types="@figma/plugin-typings" />
/**
 * From a layer to what the window needs: classify it, plan its canvas for the task, choose its mask layers,
 * read its pixels and map the masks into canvas pixels. Nothing here changes the document.
 */
import { findMaskLayersAsync, type MaskChoice, type MaskSearch } from '../mask/find-mask-layers.js';
import { maskShapesIn, overlapsBox } from '../mask/mask-shapes.js';
import type { MaskRule, OutpaintSummary, SourcePixels, SourceSummary, Task, TaskOptions } from '../protocol/messages.js';
import { classifySource, type SourceNode } from './classify-source.js';
import { pngSize } from './png-size.js';
import { canvasFromImage, planSourceAsync, type SourcePlan } from './source-plan.js';
import type { Checked } from './source-problem.js';

export interface PlannedSource {
  node: SourceNode;
  plan: SourcePlan;
}

export interface PreparedSource extends PlannedSource {
  mask: MaskChoice;
}

/** Classifies and plans `node` for `task`; no mask layers are looked for. */
export async function planSourceNodeAsync(node: SceneNode, task: Task, options: TaskOptions): Promise<Checked<{ source: PlannedSource }>> {
  const checked = classifySource(node);
  if (!checked.ok) return checked;
  const planned = await planSourceAsync(checked.node, checked.kind, task, options);
  if (!planned.ok) return planned;
  return { ok: true, source: { node: checked.node, plan: planned.plan } };
}

/** Classifies and plans `node` for `task`, and picks its mask layers (`masks`: this event's search, see MaskSearch). */
export async function prepareSourceAsync(node: SceneNode, task: Task, options: TaskOptions, masks: MaskSearch): Promise<Checked<{ source: PreparedSource }>> {
  const planned = await planSourceNodeAsync(node, task, options);
  if (!planned.ok) return planned;
  const { source } = planned;
  const mask = await findMaskLayersAsync(source.node, masks, overlapsBox(source.plan.base));
  return { ok: true, source: { ...source, mask } };
}

/**
 * What the window shows for a selected source before anything runs. Its `outpaint` is what `options` would
 * extend to: the ratio (target 'ratio') or pixels per side ('sides') when given, else the FIT bands or the frame
 * (the selection message passes no options: the window's "Frame" choice).
 */
export async function summarizeSourceAsync(source: PreparedSource, options: TaskOptions): Promise<SourceSummary> {
  const { node, plan, mask } = source;
  const outpaintPlan = await planSourceAsync(node, plan.kind, 'outpaint', options);
  let outpaint: OutpaintSummary | null = null;
  if (outpaintPlan.ok && outpaintPlan.plan.outpaint !== null) {
    const target = outpaintPlan.plan.outpaint;
    outpaint = {
      target: target.target,
      ...(target.name === undefined ? {} : { name: target.name }),
      width: outpaintPlan.plan.canvas.width,
      height: outpaintPlan.plan.canvas.height,
    };
  }
  return {
    id: node.id,
    name: node.name,
    kind: plan.kind,
    width: plan.base.width,
    height: plan.base.height,
    maskLayers: mask.layers.map(layerRef),
    maskRule: mask.rule,
    usedUpMaskLayers: mask.usedUp.map(layerRef),
    outpaint,
  };
}

/**
 * Reads the source's pixels (image fill bytes, or a PNG export) and maps the mask layers into the canvas.
 * An export's real size corrects the plan when Figma rounded differently.
 */
export async function readSourcePixelsAsync(
  source: PlannedSource,
  task: Task,
  options: TaskOptions,
  mask: { layers: readonly SceneNode[]; rule: MaskRule | null },
): Promise<Checked<{ pixels: SourcePixels; plan: SourcePlan }>> {
  let { plan } = source;
  let image: Uint8Array;
  if (plan.read.from === 'fill') {
    const stored = figma.getImageByHash(plan.read.imageHash);
    if (stored === null) return { ok: false, problem: { kind: 'no-image-data', name: plan.name } };
    image = await stored.getBytesAsync();
  } else {
    const { region, scale } = plan.read;
    image = await source.node.exportAsync({ format: 'PNG', constraint: { type: 'SCALE', value: scale } });
    // A PNG carries no offset: its pixels are placed at the render bounds' corner (plugin/README.md). What can be
    // checked is that those bounds are still the planned ones once the export is made, and the export's size.
    const after = source.node.absoluteRenderBounds;
    if (after === null || !sameRect(after, region)) return { ok: false, problem: { kind: 'export-moved', name: plan.name } };
    const size = pngSize(image);
    // A pixel either way is Figma rounding the scaled bounds; more means the export covers another region than
    // the render bounds PowerPaint assumes (plugin/README.md): refuse rather than place results in the wrong spot.
    if (size !== null && (Math.abs(size.width - plan.imageWidth) > 1 || Math.abs(size.height - plan.imageHeight) > 1)) {
      return { ok: false, problem: { kind: 'export-mismatch', name: plan.name, expected: { width: plan.imageWidth, height: plan.imageHeight }, exported: size } };
    }
    if (size !== null && (size.width !== plan.imageWidth || size.height !== plan.imageHeight)) {
      const replanned = await planSourceAsync(source.node, plan.kind, task, options, size);
      if (!replanned.ok) return replanned;
      plan = replanned.plan;
    }
  }
  const masks = maskShapesIn(mask.layers, plan.canvas);
  const pixels: SourcePixels = {
    sourceId: plan.sourceId,
    name: plan.name,
    kind: plan.kind,
    task,
    canvas: { width: plan.canvas.width, height: plan.canvas.height },
    image,
    imageWidth: plan.imageWidth,
    imageHeight: plan.imageHeight,
    imageTransform: canvasFromImage(plan),
    masks,
    maskRule: masks.length > 0 ? mask.rule : null,
    outpaintRegion: plan.outpaint?.region ?? null,
    notices: plan.notices,
  };
  return { ok: true, pixels, plan };
}

/** Equal up to float noise (a thousandth of a unit). */
function sameRect(a: Rect, b: Rect): boolean {
  return [a.x - b.x, a.y - b.y, a.width - b.width, a.height - b.height].every((d) => Math.abs(d) < 1e-3);
}

function layerRef(layer: SceneNode): { id: string; name: string } {
  return { id: layer.id, name: layer.name };
}
