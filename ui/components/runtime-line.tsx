import type { RuntimeReport } from '../runtime/describe-runtime.js';

export function RuntimeLine({ runtime }: { runtime: RuntimeReport | null }) {
  return (
    <p class="secondary" data-testid="runtime" data-webgpu={runtime === null ? undefined : String(runtime.webgpu)}>
      {runtime === null ? 'Checking for WebGPU…' : runtime.text}
    </p>
  );
}
