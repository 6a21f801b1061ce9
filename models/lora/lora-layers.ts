import { EngineError } from '../engine/errors.js';
import type { SafetensorsHeader, TensorEntry } from '../safetensors/safetensors-header.js';
import { readFloats } from './float-bits.js';

/** A LoRA's .safetensors file as read: its bytes and parsed header. */
export interface LoraFile {
  label: string;
  bytes: Uint8Array;
  header: SafetensorsHeader;
}

/** One adapted module: W' = W + scale · (alpha / rank) · up @ down (rsLoRA: alpha / √rank). */
export interface LoraLayer {
  /** The UNet module it changes, as in the UNet's state dict without `.weight` (e.g. `mid_block.resnets.0.conv1`). */
  module: string;
  down: { key: string; entry: TensorEntry };
  up: { key: string; entry: TensorEntry };
  /** alpha / rank (alpha / √rank for rsLoRA): what the product is multiplied by before the user's scale. */
  factor: number;
}

/** What the file's key names were written by, for messages and reports. */
export type LoraFormat = 'peft' | 'diffusers-legacy' | 'kohya';

/** The dictionary diffusers' save_lora_weights writes into `__metadata__` (peft's LoraConfig, keys maybe `unet.`-prefixed). */
const ADAPTER_METADATA = 'lora_adapter_metadata';

interface Half {
  module: string;
  side: 'down' | 'up';
  format: LoraFormat;
}

const TEXT_ENCODER = /^(?:text_encoder(?:_2)?\.|lora_te[12]?_)/;
const PEFT = /^(?:unet\.|base_model\.model\.)?(.+)\.lora_(A|B)\.weight$/;
const LEGACY_PROCESSOR = /^(?:unet\.)?(.+)\.processor\.(to_q|to_k|to_v|to_out)_lora\.(down|up)\.weight$/;
const LEGACY = /^(?:unet\.)?(.+)\.lora\.(down|up)\.weight$/;
const KOHYA = /^lora_unet_(.+)\.lora_(down|up)\.weight$/;
const KOHYA_ALPHA = /^lora_unet_(.+)\.alpha$/;

/**
 * The layers of a UNet LoRA in the layouts SD-1.5 LoRAs are published in, mapped to the UNet's own module
 * names (`unetModules`: its state-dict keys without `.weight`):
 * - peft / diffusers' save_lora_weights: `unet.<module>.lora_A.weight`, `.lora_B.weight`; alpha from the
 *   adapter metadata diffusers saves (`lora_alpha`, `alpha_pattern`, `use_rslora`), else alpha = rank;
 * - diffusers' older attention-processor layout: `<attn>.processor.to_q_lora.down.weight`, `<module>.lora.up.weight`;
 * - kohya (latent-consistency/lcm-lora-sdv1-5's file): `lora_unet_<module, dots as _>.lora_down.weight`,
 *   `.lora_up.weight`, `.alpha`. Underscores are ambiguous, so the name is looked up among the UNet's modules.
 * Anything else (text-encoder layers, DoRA, LoKr, biases, SGM block names) is refused naming the key.
 */
export function readLoraLayers(lora: LoraFile, unetModules: ReadonlySet<string>): { layers: LoraLayer[]; format: LoraFormat } {
  const { header, bytes, label } = lora;
  const kohyaNames = new Map([...unetModules].map((m) => [m.replaceAll('.', '_'), m]));
  const halves = new Map<string, Partial<Record<'down' | 'up', { key: string; entry: TensorEntry }>>>();
  const alphas = new Map<string, number>();
  const formats = new Set<LoraFormat>();
  const refuse = (key: string, why: string) =>
    new EngineError('bad-input', `${label} cannot be fused: its tensor ${key} ${why}. Only UNet LoRAs in diffusers' (peft) or kohya's layout, such as latent-consistency/lcm-lora-sdv1-5, can be used.`);

  for (const [key, entry] of header.tensors) {
    if (TEXT_ENCODER.test(key)) throw refuse(key, 'changes the text encoder, which this plugin does not adapt');
    const kohyaAlpha = KOHYA_ALPHA.exec(key);
    if (kohyaAlpha) {
      const module = kohyaNames.get(kohyaAlpha[1]!);
      if (!module) throw refuse(key, 'names no module of this UNet (a LoRA for another model, or SGM block names)');
      if (entry.shape.reduce((a, b) => a * b, 1) !== 1) throw refuse(key, 'is not a single number');
      alphas.set(module, readFloats(bytes, entry, `${label} ${key}`)[0]!);
      continue;
    }
    const half = parseKey(key, kohyaNames);
    if (!half) throw refuse(key, 'is not a LoRA down/up weight of a known layout');
    if (!unetModules.has(half.module)) {
      const sgm = half.format === 'kohya' ? `, or names blocks as the original Stable Diffusion checkpoint does (input_blocks_…), which diffusers' UNet does not` : '';
      throw refuse(key, `adapts ${half.module}, which this UNet does not have (a LoRA made for another model${sgm})`);
    }
    formats.add(half.format);
    const pair = halves.get(half.module) ?? {};
    pair[half.side] = { key, entry };
    halves.set(half.module, pair);
  }
  if (halves.size === 0) throw new EngineError('bad-input', `${label} holds no LoRA weights (no lora_A/lora_B or lora_down/lora_up tensors). Pick the LoRA's .safetensors file.`);
  if (formats.size > 1) throw new EngineError('bad-input', `${label} mixes LoRA layouts (${[...formats].join(', ')}); save it again in one layout.`);

  const config = adapterConfig(header.metadata, label);
  const layers: LoraLayer[] = [];
  for (const [module, { down, up }] of halves) {
    if (!down || !up) throw refuse((down ?? up)!.key, `has no ${down ? 'up (B)' : 'down (A)'} partner`);
    const rank = down.entry.shape[0]!;
    const alpha = alphas.get(module) ?? config.alphaPattern.find(([pattern]) => module === pattern || module.endsWith(`.${pattern}`))?.[1] ?? config.alpha ?? rank;
    layers.push({ module, down, up, factor: config.rsLora ? alpha / Math.sqrt(rank) : alpha / rank });
  }
  return { layers, format: [...formats][0]! };
}

function parseKey(key: string, kohyaNames: ReadonlyMap<string, string>): Half | undefined {
  const kohya = KOHYA.exec(key);
  if (kohya) {
    const module = kohyaNames.get(kohya[1]!);
    return { module: module ?? kohya[1]!, side: kohya[2] as 'down' | 'up', format: 'kohya' };
  }
  const peft = PEFT.exec(key);
  if (peft) return { module: peft[1]!, side: peft[2] === 'A' ? 'down' : 'up', format: 'peft' };
  const processor = LEGACY_PROCESSOR.exec(key);
  if (processor) {
    const projection = processor[2] === 'to_out' ? 'to_out.0' : processor[2]!;
    return { module: `${processor[1]}.${projection}`, side: processor[3] as 'down' | 'up', format: 'diffusers-legacy' };
  }
  const legacy = LEGACY.exec(key);
  if (legacy) return { module: legacy[1]!, side: legacy[2] as 'down' | 'up', format: 'diffusers-legacy' };
  return undefined;
}

interface AdapterConfig {
  alpha: number | undefined;
  alphaPattern: [string, number][];
  rsLora: boolean;
}

function adapterConfig(metadata: Record<string, string>, label: string): AdapterConfig {
  const raw = metadata[ADAPTER_METADATA];
  if (raw === undefined) return { alpha: undefined, alphaPattern: [], rsLora: false };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(raw) as Record<string, unknown>;
  } catch (cause) {
    throw new EngineError('bad-input', `${label}: its ${ADAPTER_METADATA} is not JSON; save the LoRA again with diffusers' save_lora_weights.`, { cause });
  }
  // save_lora_weights prefixes each field with the component (`unet.lora_alpha`); a model's save_lora_adapter does not.
  const field = (name: string): unknown => parsed[`unet.${name}`] ?? parsed[name];
  if (field('use_dora') === true) throw new EngineError('bad-input', `${label} is a DoRA adapter (use_dora), which cannot be fused as a plain LoRA; use a LoRA without DoRA.`);
  const alpha = field('lora_alpha');
  const pattern = (field('alpha_pattern') ?? {}) as Record<string, number>;
  return { alpha: typeof alpha === 'number' ? alpha : undefined, alphaPattern: Object.entries(pattern), rsLora: field('use_rslora') === true };
}
