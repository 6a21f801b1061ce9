import type { SourceSummary } from '../protocol/messages.js';
import type { ImageLayer } from '../selection/image-layer.js';

export function summarizeSource(layer: ImageLayer): SourceSummary {
  return { id: layer.id, name: layer.name, width: layer.width, height: layer.height };
}
