/// <reference types="@figma/plugin-typings" />
import { isImageLayer, type ImageLayer } from './image-layer.js';

/** Why there is no usable source, in terms the person can act on. */
export type SourceProblem =
  | { kind: 'nothing-selected' }
  | { kind: 'several-selected' }
  | { kind: 'not-an-image'; name: string }
  /** `name` when the plugin still knows what the layer was called. */
  | { kind: 'deleted'; name?: string };

export type SelectionReading = { ok: true; layer: ImageLayer } | { ok: false; problem: SourceProblem };

/** The source is exactly one selected image layer; anything else is a problem the person can fix. */
export function readSelection(selection: readonly SceneNode[]): SelectionReading {
  const [first, ...rest] = selection;
  if (first === undefined) return { ok: false, problem: { kind: 'nothing-selected' } };
  if (rest.length > 0) return { ok: false, problem: { kind: 'several-selected' } };
  if (!isImageLayer(first)) return { ok: false, problem: { kind: 'not-an-image', name: first.name } };
  return { ok: true, layer: first };
}
