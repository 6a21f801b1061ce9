import type { SourceSummary } from '../../plugin/protocol/messages.js';
import { SourceThumbnail } from './source-thumbnail.js';

/** The selected layer: its name and size, and its image once the plugin has sent it. */
export function SourceCard({ source, image }: { source: SourceSummary; image: Uint8Array | null }) {
  return (
    <section class="source" data-testid="source">
      {image !== null && <SourceThumbnail image={image} />}
      <div>
        <div class="source-name">{source.name}</div>
        <div class="secondary">
          {Math.round(source.width)} × {Math.round(source.height)} px
        </div>
      </div>
    </section>
  );
}
