/// <reference types="@figma/plugin-typings" />
import { isImageLayer, type ImageLayer } from '../selection/image-layer.js';
import type { SourceProblem } from '../selection/read-selection.js';

export type SourceLookup = { ok: true; layer: ImageLayer } | { ok: false; problem: SourceProblem };

/**
 * Finds the source again by id: between showing it and using it the person may have deleted it or
 * removed its image fill. `name`, when known, names the deleted layer in the message.
 */
export async function findSourceLayerAsync(id: string, name?: string): Promise<SourceLookup> {
  const node = await figma.getNodeByIdAsync(id);
  if (node === null || node.removed) return { ok: false, problem: name === undefined ? { kind: 'deleted' } : { kind: 'deleted', name } };
  if (!isSceneNode(node) || !isImageLayer(node)) return { ok: false, problem: { kind: 'not-an-image', name: node.name } };
  return { ok: true, layer: node };
}

function isSceneNode(node: BaseNode): node is SceneNode {
  return node.type !== 'DOCUMENT' && node.type !== 'PAGE';
}
