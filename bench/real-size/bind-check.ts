/**
 * `npm run bench:real-size -- DIR`: graphs built from SD-1.5 inpainting's real configs, bound to real-size
 * fp16 safetensors (models/export/real_size_weights.py writes DIR), run on onnxruntime-node's native CPU
 * and compared with torch's outputs for one UNet call and one VAE decode. Prints error, graph build and
 * session creation time, run time and peak memory. A maintainer's check, not a test: it needs ~10 GB of
 * RAM and minutes of CPU.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import type { BuiltGraph } from '../../models/graphs/bound-graph.js';
import { parseUnetConfig } from '../../models/graphs/unet-config.js';
import { buildUnetGraph } from '../../models/graphs/unet-graph.js';
import { buildVaeDecoderGraph, parseVaeConfig, vaeKeyRenames } from '../../models/graphs/vae-graph.js';
import { WeightIndex } from '../../models/graphs/weight-index.js';
import { nativeRuntime } from '../../models/runtime/native-sessions.node.js';
import { parseSafetensorsHeader } from '../../models/safetensors/safetensors-header.js';

const dir = process.argv[2] ?? '/tmp/sd15-random';
const index = JSON.parse(readFileSync(join(dir, 'check/index.json'), 'utf8')) as Record<string, { shape?: number[]; values?: number[] } & Record<string, unknown>>;
const floats = (name: string) => new Float32Array(readFileSync(join(dir, `check/${name}.bin`)).buffer.slice(0));
const peak = { rss: 0 };
const sampler = setInterval(() => (peak.rss = Math.max(peak.rss, process.memoryUsage().rss)), 50);

function component(name: string, renames?: (key: string) => string[]) {
  const file = 'diffusion_pytorch_model.fp16.safetensors';
  const bytes = new Uint8Array(readFileSync(join(dir, name, file)));
  const header = parseSafetensorsHeader(bytes, `${name}/${file}`, bytes.length);
  const config = JSON.parse(readFileSync(join(dir, name, 'config.json'), 'utf8')) as Record<string, unknown>;
  return { config, bytes, file, index: new WeightIndex(name, [{ location: file, path: `${name}/${file}`, header }], renames) };
}

function compare(label: string, got: Float32Array, expected: Float32Array): Record<string, number | string> {
  let maxDiff = 0;
  let maxRef = 0;
  let sumSq = 0;
  let refSq = 0;
  for (let i = 0; i < expected.length; i++) {
    const d = got[i]! - expected[i]!;
    maxDiff = Math.max(maxDiff, Math.abs(d));
    maxRef = Math.max(maxRef, Math.abs(expected[i]!));
    sumSq += d * d;
    refSq += expected[i]! ** 2;
  }
  return { what: label, 'max |diff|': maxDiff, 'max |torch|': maxRef, 'relative RMS': Math.sqrt(sumSq / refSq) };
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const start = performance.now();
  const value = await work();
  return [value, (performance.now() - start) / 1000];
}

const runtime = await nativeRuntime();
const rows: Record<string, number | string>[] = [];
const times: Record<string, number> = {};

async function check(
  name: string,
  build: () => { built: BuiltGraph; bytes: Uint8Array; file: string; unused: () => string[] },
  feeds: () => Record<string, ort.Tensor>,
  output: string,
  expected: string,
): Promise<void> {
  const [{ built, bytes, file, unused }, buildSeconds] = await timed(build);
  const [session, createSeconds] = await timed(() => runtime.create({ model: built.model, externalData: [{ path: file, data: bytes }], outputsOnGpu: false }));
  const [out, runSeconds] = await timed(() => session.run(feeds()));
  rows.push(compare(name, out[output]!.data as Float32Array, floats(expected)));
  Object.assign(times, { [`${name} graph build s`]: buildSeconds, [`${name} session s`]: createSeconds, [`${name} run s`]: runSeconds, [`${name} graph MB`]: built.model.length / 1e6 });
  if (unused().length > 0) throw new Error(`${name}: unused weights ${unused().slice(0, 5).join(', ')}`);
  await session.release();
}

await check(
  'UNet (batch 2, 64x64 latents)',
  () => {
    const c = component('unet');
    return { built: buildUnetGraph(parseUnetConfig(c.config, dir), c.index, 'float32'), bytes: c.bytes, file: c.file, unused: () => c.index.unused() };
  },
  () => ({
    sample: new ort.Tensor('float32', floats('unet_sample'), index.unet_sample!.shape!),
    timestep: new ort.Tensor('int64', BigInt64Array.from(index.unet_timestep!.values!, (v) => BigInt(v)), [2]),
    encoder_hidden_states: new ort.Tensor('float32', floats('unet_states'), index.unet_states!.shape!),
  }),
  'out_sample',
  'unet_out',
);
await check(
  'VAE decode (64x64 -> 512x512)',
  () => {
    const c = component('vae', vaeKeyRenames);
    return { built: buildVaeDecoderGraph(parseVaeConfig(c.config, dir), c.index, 'float32'), bytes: c.bytes, file: c.file, unused: () => [] };
  },
  () => ({ latent_sample: new ort.Tensor('float32', floats('vae_latent'), index.vae_latent!.shape!) }),
  'sample',
  'vae_out',
);
clearInterval(sampler);
console.table(rows);
console.table({ ...times, 'peak RSS GB': peak.rss / 1e9 });
console.log('torch (same machine):', JSON.stringify(index.torch));
