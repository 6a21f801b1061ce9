/**
 * What TAESD costs against the VAE decoder at SD-1.5's real widths, 64x64 latents (512 px), onnxruntime-web wasm,
 * one thread: is it worth it as a live preview, or as the Fast preset's final decoder? Both with seeded random
 * weights (the compute is real, the pictures are not): TAESD with madebyollin/taesd's config (built by
 * models/graphs/taesd-decoder-graph.ts from a safetensors file, as the engine builds it), the VAE decoder from
 * the bench's SD-1.5-shaped generator. Usage: node bench/run.mjs bench/presets/taesd-cost.ts [--runs N]
 */
import * as ort from 'onnxruntime-web';
import { bundleFromFiles } from '../../models/bundle/bundle-source.js';
import { openTaesdDecoder } from '../../models/preview/taesd-preview.js';
import { createModelSession, webSessions, type ModelSession } from '../../models/runtime/model-session.js';
import { MODEL_SPECS } from '../../models/runtime/model-specs.js';
import { writeSafetensors, type TensorToWrite } from '../../models/safetensors/write-safetensors.js';
import { buildSdUnet, buildSdVaeDecoder, buildSdVaeEncoder, SD15_SHAPES } from '../bundles/sd-models.js';

const args = process.argv.slice(2);
const runs = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 3);
const LATENT = 64;
const TAESD_CONFIG = { _class_name: 'AutoencoderTiny', act_fn: 'relu', decoder_block_out_channels: [64, 64, 64, 64], num_decoder_blocks: [3, 3, 3, 1], latent_channels: 4, out_channels: 3, scaling_factor: 1.0, upsampling_scaling_factor: 2 };

/** madebyollin/taesd's decoder tensors, seeded, and the multiply-accumulates of one decode at LATENT². */
function taesdFiles(): { files: Map<string, Uint8Array>; macs: number } {
  let seed = 1;
  const random = (n: number, scale: number) => Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 2 * scale);
  const tensors: Record<string, TensorToWrite> = {};
  let macs = 0;
  let side = LATENT;
  const conv = (key: string, cin: number, cout: number, bias = true) => {
    tensors[`${key}.weight`] = { shape: [cout, cin, 3, 3], values: random(cout * cin * 9, Math.sqrt(3 / (cin * 9))) };
    if (bias) tensors[`${key}.bias`] = { shape: [cout], values: random(cout, 0.05) };
    macs += cout * cin * 9 * side * side;
  };
  const width = TAESD_CONFIG.decoder_block_out_channels;
  const blocks = TAESD_CONFIG.num_decoder_blocks;
  let n = 0;
  conv(`decoder.layers.${n}`, 4, width[0]!);
  n += 2;
  blocks.forEach((count, level) => {
    for (let b = 0; b < count; b++, n++) for (const c of [0, 2, 4]) conv(`decoder.layers.${n}.conv.${c}`, width[level]!, width[level]!);
    const last = level === blocks.length - 1;
    if (!last) {
      side *= 2;
      n++;
    }
    conv(`decoder.layers.${n++}`, width[level]!, last ? 3 : width[level]!, last);
  });
  const files = new Map<string, Uint8Array>([
    ['config.json', new TextEncoder().encode(JSON.stringify(TAESD_CONFIG))],
    ['diffusion_pytorch_model.safetensors', writeSafetensors(tensors)],
  ]);
  return { files, macs };
}

async function timeDecodes(session: ModelSession, label: string, runs: number, warmUp: boolean): Promise<{ wallMs: number; cpuMs: number }> {
  const latents = new ort.Tensor('float32', Float32Array.from({ length: 4 * LATENT * LATENT }, (_, i) => Math.sin(i * 0.37)), [1, 4, LATENT, LATENT]);
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = warmUp ? -1 : 0; r < runs; r++) {
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const { sample } = await session.run({ latent_sample: latents });
    const wall = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    sample!.dispose();
    // The warm-up pays ORT's first-inference setup.
    if (r >= 0) {
      walls.push(wall);
      cpus.push((cpu.user + cpu.system) / 1000);
    }
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
  const result = { wallMs: median(walls), cpuMs: median(cpus) };
  console.log(`${label}: median of ${runs} decode(s) ${result.wallMs.toFixed(0)} ms wall, ${result.cpuMs.toFixed(0)} ms CPU`);
  return result;
}

const { files, macs: taesdMacs } = taesdFiles();
const taesd = await openTaesdDecoder(bundleFromFiles(files, 'TAESD (madebyollin/taesd config, random weights)'), webSessions('wasm'), 'float32');
const taesdTime = await timeDecodes(taesd.session, `TAESD decoder, ${((2 * taesdMacs) / 1e9).toFixed(1)} GFLOP`, runs, true);
await taesd.session.release();

const vae = buildSdVaeDecoder(SD15_SHAPES);
const vaeSession = await createModelSession(MODEL_SPECS.vaeDecoder, vae.model, webSessions('wasm'));
const vaeTime = await timeDecodes(vaeSession, `SD-1.5 VAE decoder, ${((2 * vae.macs) / 1e9).toFixed(1)} GFLOP`, 1, false);
await vaeSession.release();

// A Fast run at real size: 4 UNet batch-1 steps, one VAE encode, one decode (text encoding is cached).
const unetFlop = 2 * buildSdUnet(SD15_SHAPES, { countOnly: true }).macs;
const encoderFlop = 2 * buildSdVaeEncoder(SD15_SHAPES, { countOnly: true }).macs;
const fastFlop = 4 * unetFlop + encoderFlop + 2 * vae.macs;
const fastWithTaesd = fastFlop - 2 * vae.macs + 2 * taesdMacs;
console.log(`\nUNet batch-1 step ${(unetFlop / 1e12).toFixed(4)} TFLOP; TAESD decode = ${((100 * 2 * taesdMacs) / unetFlop).toFixed(1)} % of a batch-1 step, ${((50 * 2 * taesdMacs) / unetFlop).toFixed(1)} % of a batch-2 step (FLOP)`);
console.log(`TAESD / VAE decoder: ${((taesdTime.cpuMs / vaeTime.cpuMs) * 100).toFixed(1)} % of the CPU time, ${((100 * taesdMacs) / vae.macs).toFixed(1)} % of the FLOP`);
console.log(`Fast at real size, ${(fastFlop / 1e12).toFixed(2)} TFLOP with the VAE decoder, ${(fastWithTaesd / 1e12).toFixed(2)} with TAESD as its final decoder (${((100 * (fastFlop - fastWithTaesd)) / fastFlop).toFixed(1)} % less)`);
