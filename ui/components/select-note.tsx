import type { SelectModel } from '../segment/use-select-model.js';
import { SELECT_MODEL } from '../segment/use-select-model.js';
import type { SelectTool } from '../segment/use-select-tool.js';
import { ErrorBanner } from './error-banner.js';

/** Under the mask tools in select mode: what the tool needs and the download, or how to use it and what it is doing. */
export function SelectNote({ model, tool, disabled }: { model: SelectModel; tool: SelectTool; disabled: boolean }) {
  const { status } = model;
  if (status.state === 'absent' || status.state === 'error') {
    return (
      <div class="select-note" data-testid="select-needs-model">
        <p class="hint">
          Select needs a segment-anything model: {SELECT_MODEL.name} ({SELECT_MODEL.repo} on Hugging Face, {SELECT_MODEL.licence}, {SELECT_MODEL.size}), downloaded once and
          run on this computer.
        </p>
        {status.state === 'error' && <ErrorBanner explanation={status.explanation} testId="select-model-error" />}
        <button type="button" class="primary-button" data-testid="select-model-download" disabled={disabled} onClick={model.download}>
          {status.state === 'error' ? 'Try the download again' : `Download ${SELECT_MODEL.name} (${SELECT_MODEL.size})`}
        </button>
      </div>
    );
  }
  if (status.state === 'loading') {
    const { progress } = status;
    const share = progress && progress.totalBytes > 0 ? ` ${Math.round((100 * progress.loadedBytes) / progress.totalBytes)}%` : '';
    return (
      <p class="hint" data-testid="select-model-loading">
        {status.step}
        {share}
      </p>
    );
  }
  const { activity } = tool;
  return (
    <div class="select-note" data-testid="select-ready" data-activity={activity.state}>
      {activity.state === 'error' && <ErrorBanner explanation={activity.explanation} testId="select-error" />}
      <p class="hint">
        {activity.state === 'working'
          ? activity.what
          : status.segmenter.takesBoxes
            ? 'Click an object to add it to the mask, Alt-click to take a part away, or drag a box around it. Paint, grow, shrink, invert and undo work on the selection too.'
            : 'Click an object to add it to the mask, Alt-click to take a part away (this model takes clicks, not boxes). Paint, grow, shrink, invert and undo work on the selection too.'}
      </p>
      <p class="hint" data-testid="select-model-note">
        {status.note}
      </p>
    </div>
  );
}
