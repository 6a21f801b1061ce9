/**
 * Writes PowerPaint bundles with SD-1.5's real shapes (UNet 859.5 M parameters, CLIP-L text encoder,
 * SD VAE) and seeded random weights, fp32 and fp16, weights in external data. The numbers the models
 * produce mean nothing; the compute per step is SD-1.5's. Prints parameters and FLOP per model.
 * Usage: node <this, bundled> --out DIR [--precision fp32|fp16|both]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { buildSdBundle, writeSdBundle } from '../bundles/sd-like-bundle.js';
import { SD15_SHAPES } from '../bundles/sd-models.js';

const args = process.argv.slice(2);
const out = args[args.indexOf('--out') + 1];
const precision = args.includes('--precision') ? args[args.indexOf('--precision') + 1] : 'both';
if (!out || args.indexOf('--out') < 0) {
  console.error('usage: make-sd15-bundle --out DIR [--precision fp32|fp16|both]');
  process.exit(2);
}

const summary: Record<string, unknown> = {};
for (const p of precision === 'both' ? ['fp16', 'fp32'] : [precision!]) {
  const t0 = performance.now();
  const bundle = buildSdBundle(SD15_SHAPES, { compute: p === 'fp16' ? 'float16' : 'float32', externalData: true });
  const dir = `${out}/sd15-shapes-${p}`;
  await mkdir(dir, { recursive: true });
  await writeSdBundle(bundle, dir);
  const bytes = [...bundle.files.values()].reduce((n, chunks) => n + chunks.reduce((m, c) => m + c.length, 0), 0);
  summary[p] = { dir, gigabytes: +(bytes / 1e9).toFixed(2), seconds: +((performance.now() - t0) / 1000).toFixed(1), stats: bundle.stats };
  console.log(`${dir}: ${(bytes / 1e9).toFixed(2)} GB in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  bundle.files.clear();
}
const unet = (summary[Object.keys(summary)[0]!] as { stats: { unet: { params: number; flops: number } } }).stats.unet;
console.log(`UNet: ${unet.params} parameters, ${(unet.flops / 1e12).toFixed(4)} TFLOP per batch-1 step at 64x64 latents`);
await writeFile(`${out}/bundles.json`, `${JSON.stringify(summary, null, 1)}\n`);
