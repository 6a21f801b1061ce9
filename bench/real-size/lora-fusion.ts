/**
 * `node bench/run.mjs bench/real-size/lora-fusion.ts [DIR]`: the cost of fusing a LoRA shaped like
 * latent-consistency/lcm-lora-sdv1-5 (kohya keys, rank 64, fp16, the module kinds it adapts) into SD-1.5's
 * real-size fp16 UNet (DIR/unet from models/export/real_size_weights.py). The LoRA's values are seeded noise:
 * the cost depends on shapes only. A maintainer's measurement, not a test (~4 GB of RAM, a minute of CPU).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fuseLora } from '../../models/lora/fuse-lora.js';
import { lowRankAdder } from '../../models/lora/low-rank-add.js';
import { webSessions } from '../../models/runtime/model-session.js';
import { configureOrt } from '../../models/runtime/ort-environment.js';
import { SeededRandom } from '../../models/random/seeded-random.js';
import { parseSafetensorsHeader } from '../../models/safetensors/safetensors-header.js';
import { writeSafetensors, type TensorToWrite } from '../../models/safetensors/write-safetensors.js';

const dir = process.argv[2] ?? '/tmp/sd15-random';
const RANK = 64;
const ADAPTED = /\.(?:to_q|to_k|to_v|to_out\.0|proj_in|proj_out|ff\.net\.0\.proj|ff\.net\.2|conv1|conv2|conv_shortcut|downsamplers\.0\.conv|upsamplers\.0\.conv|time_emb_proj)\.weight$/;

const path = 'unet/diffusion_pytorch_model.fp16.safetensors';
const bytes = new Uint8Array(readFileSync(join(dir, path)));
const unet = { path, bytes, header: parseSafetensorsHeader(bytes, path, bytes.length) };

const random = new SeededRandom(64);
const noise = (n: number) => Float32Array.from({ length: n }, () => (random.nextFloat() - 0.5) * 0.02);
const tensors: Record<string, TensorToWrite> = {};
let macs = 0;
let adaptedParams = 0;
for (const [key, entry] of unet.header.tensors) {
  if (!ADAPTED.test(key)) continue;
  const name = `lora_unet_${key.slice(0, -'.weight'.length).replaceAll('.', '_')}`;
  const [out, ...rest] = entry.shape as [number, ...number[]];
  const cols = rest.reduce((a, b) => a * b, 1);
  tensors[`${name}.lora_down.weight`] = { dtype: 'F16', shape: [RANK, ...rest], values: noise(RANK * cols) };
  tensors[`${name}.lora_up.weight`] = { dtype: 'F16', shape: rest.length > 1 ? [out, RANK, 1, 1] : [out, RANK], values: noise(out * RANK) };
  tensors[`${name}.alpha`] = { dtype: 'F16', shape: [], values: [RANK] };
  macs += out * cols * RANK;
  adaptedParams += out * cols;
}
const loraBytes = writeSafetensors(tensors);
const lora = { label: 'lcm-lora-sdv1-5-shaped', bytes: loraBytes, header: parseSafetensorsHeader(loraBytes, 'lora') };

// CPU time beside wall time: this machine's cores are shared, and wall time counts the others' work.
const cpuBefore = process.cpuUsage();
configureOrt();
const adder = await lowRankAdder(webSessions('wasm'));
const fused = await fuseLora(unet, lora, 1, adder);
const cpuSeconds = process.cpuUsage(cpuBefore).user / 1e6;
console.table({
  'LoRA file (MB)': loraBytes.length / 1e6,
  'UNet tensors fused': fused.keys.length,
  'their parameters (M)': adaptedParams / 1e6,
  'fused copies (MB)': fused.data.length / 1e6,
  'multiply-adds (G)': macs / 1e9,
  'fusion, wall (s)': fused.ms / 1e3,
  'fusion, CPU (s)': cpuSeconds,
  'GMAC per CPU second': macs / 1e9 / cpuSeconds,
  'peak RSS (GB)': process.memoryUsage().rss / 1e9,
});
