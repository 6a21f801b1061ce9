import type { BundleProgress } from '../../../models/bundle/load-bundle.js';
import type { OipTraffic } from '../../../models/runtime/oip/oip-traffic.js';
import { formatBytes } from '../../../ui/format/format-bytes.js';
import { formatDuration } from '../../../ui/format/format-duration.js';
import { formatTraffic } from '../../../ui/format/format-traffic.js';
import type { RunProgress } from '../run/run-image.js';

/** "denoise 12/30, window 2 of 3, ETA 40 s" */
export function describeRun(p: RunProgress): string {
  const parts = [p.total > 0 ? `${p.stage} ${p.step}/${p.total}` : p.stage];
  if (p.windows > 1) parts.push(`window ${p.window + 1} of ${p.windows}`);
  if (p.etaMs !== undefined) parts.push(`ETA ${formatDuration(p.etaMs)}`);
  return parts.join(', ');
}

/** "downloading unet/model.onnx: 120 MB of 1.7 GB, 12 MB/s, ETA 2 min"; undefined for phases not worth a line. */
export function describeDownload(p: BundleProgress): string | undefined {
  const of = `${formatBytes(p.loadedBytes)} of ${formatBytes(p.totalBytes)}`;
  switch (p.phase) {
    case 'manifest':
      return 'reading the model\'s file list';
    case 'downloading': {
      const speed = p.bytesPerSecond === undefined ? '' : `, ${formatBytes(p.bytesPerSecond)}/s`;
      const eta = p.etaMs === undefined ? '' : `, ETA ${formatDuration(p.etaMs)}`;
      return `downloading ${p.path ?? ''}: ${of}${speed}${eta}`;
    }
    case 'retrying':
      return `retrying ${p.path ?? ''} in ${formatDuration(p.retry?.delayMs ?? 0)} (${p.retry?.reason ?? 'failed'})`;
    case 'ready':
      return p.totalBytes > 0 ? `model files ready (${formatBytes(p.totalBytes)})` : undefined;
    default:
      return undefined;
  }
}

/** "server: 92 requests, 2.1 MB sent, 1.0 MB received; 27 KB a denoising step" */
export function describeTraffic(traffic: OipTraffic): string {
  return `server: ${formatTraffic(traffic)}`;
}
