/// <reference types="@figma/plugin-typings" />
/**
 * A hidden or fully transparent source still has pixels to read, so PowerPaint runs on it, but the person sees
 * nothing of it on the canvas: say so, and where the result will (or won't) show, instead of running silently.
 */
import { isSceneNode } from '../document/node-tree.js';

export function visibilityNotices(node: SceneNode): string[] {
  const notices: string[] = [];
  if (!node.visible) notices.push(`“${node.name}” is hidden in Figma. PowerPaint still reads it; the result is placed above it, visible.`);
  else if (opacityOf(node) === 0) notices.push(`“${node.name}” is at 0% opacity in Figma, so nothing of it shows. PowerPaint still reads it; the result is placed above it, fully opaque.`);
  for (let parent = node.parent; parent !== null && isSceneNode(parent); parent = parent.parent) {
    if (!parent.visible) {
      notices.push(`“${node.name}” is inside “${parent.name}”, which is hidden in Figma: the result goes there too and shows only once “${parent.name}” is shown.`);
      break;
    }
    if (opacityOf(parent) === 0) {
      notices.push(`“${node.name}” is inside “${parent.name}”, which is at 0% opacity in Figma: the result goes there too and doesn’t show until “${parent.name}” is made visible.`);
      break;
    }
  }
  return notices;
}

function opacityOf(node: SceneNode): number {
  return 'opacity' in node ? node.opacity : 1;
}
