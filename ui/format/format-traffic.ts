import type { OipTraffic } from '../../models/runtime/oip/oip-traffic.js';
import { formatBytes } from './format-bytes.js';

/** "92 requests, 2.1 MB sent, 1.0 MB received; 27 KB a denoising step" (the window's panel and the command line). */
export function formatTraffic(traffic: OipTraffic): string {
  const { requests, bytesSent, bytesReceived } = traffic.total;
  return `${requests} requests, ${formatBytes(bytesSent)} sent, ${formatBytes(bytesReceived)} received; ${formatBytes(traffic.bytesPerStep)} a denoising step`;
}
