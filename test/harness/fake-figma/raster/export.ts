/**
 * exportAsync and the controls' render helpers.
 *
 * Bounds rule (as Figma's default `useAbsoluteBounds: false`): the node's absolute render
 * bounds — the axis-aligned page-space box around everything it draws, so a rotated layer
 * exports its rotated content inside its axis-aligned bounds, with transparent corners.
 * `useAbsoluteBounds: true` uses absoluteBoundingBox instead. Pixel size is
 * round(bounds × scale) (at least 1), and the bounds are stretched onto exactly that grid.
 */
import type { ImageStore } from '../images.js';
import type { Rect, Transform } from '../matrix.js';
import type { FakeBaseNode } from '../nodes/base.js';
import type { FakeSceneNode, ExportSettingsLike } from '../nodes/scene.js';
import { renderNode } from './render.js';
import { createSurface, encodePng, fillSurface, surfaceToRgba, type Rgba } from './rgba.js';

/** Exports and renders larger than this per side are refused (memory, and Figma refuses huge exports too). */
export const MAX_EXPORT_SIDE = 8192;

/** RGBA pixels plus where they sit on the page: pixel (px, py) covers page point (x + px/scale, y + py/scale). */
export interface RenderedImage extends Rgba {
  x: number;
  y: number;
  scaleX: number;
  scaleY: number;
}

export interface RenderRegionOptions {
  region: Rect;
  /** Output pixel size; defaults to region × scale. */
  width?: number;
  height?: number;
  scale?: number;
  /** Straight RGB 0..1 to clear with first (default: transparent). */
  background?: { r: number; g: number; b: number } | null;
}

export function renderRegion(nodes: readonly FakeBaseNode[], images: ImageStore, opts: RenderRegionOptions): RenderedImage {
  const { region } = opts;
  const scale = opts.scale ?? 1;
  const width = opts.width ?? Math.max(1, Math.round(region.width * scale));
  const height = opts.height ?? Math.max(1, Math.round(region.height * scale));
  if (width > MAX_EXPORT_SIDE || height > MAX_EXPORT_SIDE) {
    throw new Error(`fake figma: render of ${width}x${height} px is larger than ${MAX_EXPORT_SIDE} px per side`);
  }
  const sx = width / Math.max(region.width, 1e-9);
  const sy = height / Math.max(region.height, 1e-9);
  const view: Transform = [
    [sx, 0, -region.x * sx],
    [0, sy, -region.y * sy],
  ];
  const surface = createSurface(width, height);
  if (opts.background) fillSurface(surface, opts.background.r, opts.background.g, opts.background.b, 1);
  for (const n of nodes) renderNode(n, surface, { images, view });
  return { ...surfaceToRgba(surface), x: region.x, y: region.y, scaleX: sx, scaleY: sy };
}

export function exportBounds(node: FakeSceneNode, useAbsoluteBounds = false): Rect | null {
  return useAbsoluteBounds ? node.absoluteBoundingBox : node._renderBounds();
}

export function renderNodeImage(node: FakeSceneNode, images: ImageStore, settings: ExportSettingsLike = {}): RenderedImage {
  const bounds = exportBounds(node, settings.useAbsoluteBounds);
  if (!bounds || bounds.width <= 0 || bounds.height <= 0) {
    throw new Error(`Failed to export node ${node.id}: it has no visible content`);
  }
  const c = settings.constraint ?? { type: 'SCALE', value: 1 };
  if (!(typeof c.value === 'number' && c.value > 0)) throw new Error('in exportAsync: constraint.value must be a positive number');
  let width: number;
  let height: number;
  if (c.type === 'SCALE') {
    width = Math.max(1, Math.round(bounds.width * c.value));
    height = Math.max(1, Math.round(bounds.height * c.value));
  } else if (c.type === 'WIDTH') {
    width = Math.round(c.value);
    height = Math.max(1, Math.round((bounds.height * c.value) / bounds.width));
  } else if (c.type === 'HEIGHT') {
    height = Math.round(c.value);
    width = Math.max(1, Math.round((bounds.width * c.value) / bounds.height));
  } else {
    throw new Error(`in exportAsync: unknown constraint type ${String((c as { type: unknown }).type)}`);
  }
  return renderRegion([node], images, { region: bounds, width, height });
}

export async function exportNodePng(node: FakeSceneNode, images: ImageStore, settings: ExportSettingsLike): Promise<Uint8Array> {
  const format = settings.format ?? 'PNG';
  if (format !== 'PNG') throw new Error(`fake figma: exportAsync supports format 'PNG' only (got '${format}')`);
  await images.whenDecoded();
  return encodePng(renderNodeImage(node, images, settings));
}
