/// <reference types="@figma/plugin-typings" />
import { topImagePaint } from '../selection/image-layer.js';
import type { SourceKind } from '../protocol/messages.js';
import type { Checked } from './source-problem.js';

/** A layer PowerPaint can take pixels from: it has a size and a transform. */
export type SourceNode = SceneNode & LayoutMixin;

/** Frame-like nodes whose children make the picture: they are exported, not read as an image fill. */
const FRAME_TYPES: ReadonlySet<string> = new Set(['FRAME', 'COMPONENT', 'COMPONENT_SET', 'INSTANCE', 'SECTION']);
const GROUP_TYPES: ReadonlySet<string> = new Set(['GROUP']);

/**
 * Is `node` a source, and of which kind: a layer whose fills hold a visible image ('image'), a frame with
 * children ('frame') or a group ('group'). Locked and zero-size layers are refused: the person must act.
 */
export function classifySource(node: SceneNode): Checked<{ node: SourceNode; kind: SourceKind }> {
  const kind = sourceKind(node);
  if (kind === null || !('absoluteTransform' in node)) return { ok: false, problem: { kind: 'not-an-image', name: node.name } };
  if (node.locked) return { ok: false, problem: { kind: 'locked', name: node.name } };
  if (!(node.width >= 1 && node.height >= 1)) return { ok: false, problem: { kind: 'zero-size', name: node.name } };
  return { ok: true, node: node as SourceNode, kind };
}

export function sourceKind(node: SceneNode): SourceKind | null {
  const hasChildren = 'children' in node && node.children.length > 0;
  if (GROUP_TYPES.has(node.type)) return hasChildren ? 'group' : null;
  if (FRAME_TYPES.has(node.type) && hasChildren) return 'frame';
  if ('fills' in node && topImagePaint(node) !== undefined) return 'image';
  return null;
}
