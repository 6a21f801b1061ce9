import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webSessions } from '../runtime/model-session.js';
import { parseSafetensorsHeader } from '../safetensors/safetensors-header.js';
import { writeSafetensors, type TensorToWrite } from '../safetensors/write-safetensors.js';
import { floatToBfloat16, floatToHalf, halfToFloat, readFloats, writeFloats } from './float-bits.js';
import { fuseLora, type UnetWeights } from './fuse-lora.js';
import { lowRankAdder, type LowRankAdder } from './low-rank-add.js';
import type { LoraFile } from './lora-layers.js';

type Tensors = Record<string, TensorToWrite>;

function unetOf(tensors: Tensors): UnetWeights {
  const bytes = writeSafetensors(tensors);
  return { path: 'unet/diffusion_pytorch_model.safetensors', bytes, header: parseSafetensorsHeader(bytes, 'unet') };
}

function loraOf(tensors: Tensors, metadata?: Record<string, string>): LoraFile {
  const bytes = writeSafetensors(tensors, metadata);
  return { label: 'test-lora', bytes, header: parseSafetensorsHeader(bytes, 'test-lora') };
}

let adder: LowRankAdder;
beforeAll(async () => {
  adder = await lowRankAdder(webSessions('wasm'));
});
afterAll(() => adder.release());
const fuse = (unet: UnetWeights, lora: LoraFile, scale: number) => fuseLora(unet, lora, scale, adder);

async function fusedValues(unet: UnetWeights, lora: LoraFile, scale: number, key: string): Promise<Float32Array> {
  const fused = await fuse(unet, lora, scale);
  return readFloats(fused.data, fused.file.header.tensors.get(key)!, key);
}

// A Linear 3 -> 2 and its rank-1 LoRA: up [2, 1] = [1, 2], down [1, 3] = [1, 0, -1]; up @ down = [[1, 0, -1], [2, 0, -2]].
const W = [1, 2, 3, 4, 5, 6];
const UP = [1, 2];
const DOWN = [1, 0, -1];
const LINEAR = { 'mid_block.attentions.0.proj_in.weight': { shape: [2, 3], values: W }, 'mid_block.attentions.0.proj_in.bias': { shape: [2], values: [9, 9] } };

describe('fuseLora', async () => {
  it('peft layout: W + scale · (alpha / r) · up @ down, alpha from the adapter metadata diffusers saves', async () => {
    const lora = loraOf(
      { 'unet.mid_block.attentions.0.proj_in.lora_A.weight': { shape: [1, 3], values: DOWN }, 'unet.mid_block.attentions.0.proj_in.lora_B.weight': { shape: [2, 1], values: UP } },
      { format: 'pt', lora_adapter_metadata: JSON.stringify({ 'unet.lora_alpha': 4, 'unet.r': 1 }) },
    );
    // scale 0.5, alpha / r = 4: factor 2.
    expect([...await fusedValues(unetOf(LINEAR), lora, 0.5, 'mid_block.attentions.0.proj_in.weight')]).toEqual([3, 2, 1, 8, 5, 2]);
    const fused = await fuse(unetOf(LINEAR), lora, 0.5);
    expect(fused.keys).toEqual(['mid_block.attentions.0.proj_in.weight']);
    expect(fused.format).toBe('peft');
  });

  it('peft layout without metadata: alpha = rank, as diffusers assumes', async () => {
    const lora = loraOf({ 'unet.mid_block.attentions.0.proj_in.lora_A.weight': { shape: [1, 3], values: DOWN }, 'unet.mid_block.attentions.0.proj_in.lora_B.weight': { shape: [2, 1], values: UP } });
    expect([...await fusedValues(unetOf(LINEAR), lora, 1, 'mid_block.attentions.0.proj_in.weight')]).toEqual([2, 2, 2, 6, 5, 4]);
  });

  it('kohya layout (lcm-lora-sdv1-5): the module found among the UNet keys, alpha from its .alpha tensor (fp16)', async () => {
    const lora = loraOf({
      'lora_unet_mid_block_attentions_0_proj_in.lora_down.weight': { dtype: 'F16', shape: [1, 3], values: DOWN },
      'lora_unet_mid_block_attentions_0_proj_in.lora_up.weight': { dtype: 'F16', shape: [2, 1], values: UP },
      'lora_unet_mid_block_attentions_0_proj_in.alpha': { dtype: 'F16', shape: [], values: [0.5] },
    });
    expect([...await fusedValues(unetOf(LINEAR), lora, 2, 'mid_block.attentions.0.proj_in.weight')]).toEqual([2, 2, 2, 6, 5, 4]);
    expect((await fuse(unetOf(LINEAR), lora, 2)).format).toBe('kohya');
  });

  it("diffusers' older attention-processor layout: to_out_lora adapts to_out.0", async () => {
    const unet = unetOf({ 'mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0.weight': { shape: [2, 3], values: W } });
    const lora = loraOf({
      'unet.mid_block.attentions.0.transformer_blocks.0.attn1.processor.to_out_lora.down.weight': { shape: [1, 3], values: DOWN },
      'unet.mid_block.attentions.0.transformer_blocks.0.attn1.processor.to_out_lora.up.weight': { shape: [2, 1], values: UP },
    });
    expect([...await fusedValues(unet, lora, 1, 'mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0.weight')]).toEqual([2, 2, 2, 6, 5, 4]);
  });

  it('3x3 and 1x1 convolutions: up [out, r, 1, 1] @ down [r, in, kh, kw] per output channel, stored in the weight dtype (fp16)', async () => {
    // Conv 1 -> 2 channels, 3x3 kernel, rank 2.
    const conv = Array.from({ length: 18 }, (_, i) => i / 8);
    const down = Array.from({ length: 18 }, (_, i) => (i % 5) - 2);
    const up = [1, -1, 0.5, 2];
    const unet = unetOf({
      'down_blocks.0.resnets.0.conv1.weight': { dtype: 'F16', shape: [2, 1, 3, 3], values: conv },
      'down_blocks.0.resnets.0.conv_shortcut.weight': { shape: [2, 3, 1, 1], values: W },
    });
    const lora = loraOf({
      'lora_unet_down_blocks_0_resnets_0_conv1.lora_down.weight': { shape: [2, 1, 3, 3], values: down },
      'lora_unet_down_blocks_0_resnets_0_conv1.lora_up.weight': { shape: [2, 2, 1, 1], values: up },
      'lora_unet_down_blocks_0_resnets_0_conv_shortcut.lora_down.weight': { shape: [1, 3, 1, 1], values: DOWN },
      'lora_unet_down_blocks_0_resnets_0_conv_shortcut.lora_up.weight': { shape: [2, 1, 1, 1], values: UP },
    });
    const fused = await fuse(unet, lora, 1);
    const conv1 = fused.file.header.tensors.get('down_blocks.0.resnets.0.conv1.weight')!;
    expect(conv1.dtype).toBe('F16');
    const expected = conv.map((w, i) => {
      const [o, j] = [Math.floor(i / 9), i % 9];
      return halfToFloat(floatToHalf(w + up[o * 2]! * down[j]! + up[o * 2 + 1]! * down[9 + j]!));
    });
    expect([...readFloats(fused.data, conv1, 'conv1')]).toEqual(expected);
    expect([...readFloats(fused.data, fused.file.header.tensors.get('down_blocks.0.resnets.0.conv_shortcut.weight')!, 'shortcut')]).toEqual([2, 2, 2, 6, 5, 4]);
  });

  it('fp16 weights: the float32 sum rounds to the nearest fp16, ties to even, as torch\'s .half() does', async () => {
    const unet = unetOf({ 'conv_in.weight': { dtype: 'F16', shape: [2, 1, 1, 1], values: [1, 1] } });
    const lora = loraOf({ 'unet.conv_in.lora_A.weight': { shape: [1, 1, 1, 1], values: [1] }, 'unet.conv_in.lora_B.weight': { shape: [2, 1, 1, 1], values: [2 ** -11, 3 * 2 ** -11] } });
    const fused = await fuse(unet, lora, 1);
    expect([...new Uint16Array(fused.data.slice().buffer)]).toEqual([0x3c00, 0x3c02]);
  });

  it('refuses keys it does not know, text-encoder layers and LoRAs for another model, naming the key', async () => {
    const pair = (prefix: string, a = 'lora_A', b = 'lora_B') => ({ [`${prefix}.${a}.weight`]: { shape: [1, 3], values: DOWN }, [`${prefix}.${b}.weight`]: { shape: [2, 1], values: UP } });
    const unet = unetOf(LINEAR);
    await expect(fuse(unet, loraOf({ ...pair('unet.mid_block.attentions.0.proj_in'), 'unet.mid_block.attentions.0.proj_in.lora_magnitude_vector': { shape: [2], values: [1, 1] } }), 1)).rejects.toThrow(
      /tensor unet\.mid_block\.attentions\.0\.proj_in\.lora_magnitude_vector is not a LoRA down\/up weight/,
    );
    await expect(fuse(unet, loraOf({ ...pair('unet.mid_block.attentions.0.proj_in'), ...pair('lora_te_text_model_encoder_layers_0_mlp_fc1', 'lora_down', 'lora_up') }), 1)).rejects.toThrow(
      /lora_te_text_model_encoder_layers_0_mlp_fc1\.lora_down\.weight changes the text encoder/,
    );
    await expect(fuse(unet, loraOf(pair('lora_unet_input_blocks_1_1_proj_in', 'lora_down', 'lora_up')), 1)).rejects.toThrow(/adapts input_blocks_1_1_proj_in, which this UNet does not have/);
    await expect(fuse(unet, loraOf({ 'unet.mid_block.attentions.0.proj_in.lora_A.weight': { shape: [1, 3], values: DOWN } }), 1)).rejects.toThrow(/has no up \(B\) partner/);
    await expect(fuse(unet, loraOf({ 'unet.mid_block.attentions.0.proj_in.lora_A.weight': { shape: [1, 2], values: [1, 1] }, 'unet.mid_block.attentions.0.proj_in.lora_B.weight': { shape: [2, 1], values: UP } }), 1)).rejects.toThrow(
      /does not make the shape of mid_block\.attentions\.0\.proj_in\.weight \[2, 3\]/,
    );
    await expect(fuse(unet, loraOf({ 'unet.mid_block.attentions.0.proj_in.bias': { shape: [2], values: [1, 1] } }), 1)).rejects.toThrow(/is not a LoRA down\/up weight/);
    await expect(fuse(unet, loraOf(pair('unet.mid_block.attentions.0.proj_in'), { lora_adapter_metadata: JSON.stringify({ use_dora: true }) }), 1)).rejects.toThrow(/DoRA/);
  });
});

describe('float bits', () => {
  it('fp16 and bf16 round to nearest even, as torch does', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway: stays even
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway: rounds up to even
    expect(floatToHalf(65520)).toBe(0x7c00); // rounds past the largest half: infinity
    expect(floatToHalf(2 ** -25)).toBe(0); // half the smallest subnormal: to even zero
    expect(floatToHalf(3 * 2 ** -25)).toBe(2); // subnormal halfway: to even
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(floatToBfloat16(1 + 2 ** -8)).toBe(0x3f80);
    expect(floatToBfloat16(1 + 3 * 2 ** -8)).toBe(0x3f82);
  });
});
