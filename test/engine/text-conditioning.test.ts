import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelSession, webSessions, type ModelSession } from '../../models/runtime/model-session.js';
import { PromptEncoder } from '../../models/text/prompt-encoder.js';
import { CONTEXT_LENGTH, PromptTokenizer } from '../../models/text/prompt-tokenizer.js';
import { encodeTaskConditioning } from '../../models/text/task-conditioning.js';
import { expandTaskWords, taskPrompts } from '../../models/text/task-prompts.js';
import { buildTinyBundle } from '../bundle/tiny-bundle.js';

let files: Map<string, Uint8Array>;
let taskTokens: Record<string, string[]>;
let tokenizer: PromptTokenizer;
let session: ModelSession;
let encoder: PromptEncoder;

beforeAll(async () => {
  files = await buildTinyBundle();
  const manifest = JSON.parse(new TextDecoder().decode(files.get('powerpaint.json')));
  taskTokens = manifest.taskTokens;
  const tokenizerJson = JSON.parse(new TextDecoder().decode(files.get('tokenizer/tokenizer.json')));
  tokenizer = new PromptTokenizer(tokenizerJson, Object.values(taskTokens).flat(), 'tiny');
  session = await createModelSession(
    { path: 'text_encoder/model.onnx', inputs: ['input_ids'], outputs: ['last_hidden_state'] },
    files.get('text_encoder/model.onnx')!,
    webSessions('wasm'),
  );
  encoder = new PromptEncoder(session, tokenizer);
});
afterAll(async () => {
  await session.release();
});

describe('PromptTokenizer (CLIP rules on the bundle tokenizer.json)', () => {
  it('writes BOS, the content, EOS, then pads to 77 with EOS', () => {
    const { ids, droppedTokens } = tokenizer.encode('a red cat');
    expect(ids).toHaveLength(CONTEXT_LENGTH);
    const eos = ids[ids.length - 1]!;
    const firstEos = ids.indexOf(eos);
    expect(firstEos).toBeGreaterThan(1);
    expect(ids.slice(firstEos).every((id) => id === eos)).toBe(true);
    expect(ids[0]).not.toBe(eos);
    expect(droppedTokens).toBe(0);
  });

  it('turns each task sub-token into one id, after lowercasing like CLIP', () => {
    const expanded = expandTaskWords('a red cat P_obj', taskTokens);
    const plain = tokenizer.encode('a red cat').ids;
    const withTask = tokenizer.encode(expanded).ids;
    const contentEnd = plain.indexOf(plain[plain.length - 1]!);
    expect(withTask.slice(0, contentEnd)).toEqual(plain.slice(0, contentEnd));
    expect(new Set(withTask.slice(contentEnd, contentEnd + 10)).size).toBe(10);
    expect(withTask[contentEnd + 10]).toBe(plain[contentEnd]);
  });

  it('cuts an overlong prompt from the user text, keeping the task sub-tokens at the end', () => {
    const long = expandTaskWords(`${Array.from({ length: 100 }, () => 'red').join(' ')} P_ctxt`, taskTokens);
    const { ids, droppedTokens } = tokenizer.encode(long);
    const ctxt = tokenizer.encode(expandTaskWords('P_ctxt', taskTokens)).ids.slice(1, 11);
    expect(ids).toHaveLength(CONTEXT_LENGTH);
    expect(ids.slice(CONTEXT_LENGTH - 11, CONTEXT_LENGTH - 1)).toEqual(ctxt);
    expect(droppedTokens).toBe(100 + 10 - 75);
  });
});

describe('task prompts (PowerPaint v1 table)', () => {
  it('removal asks for an empty scene and puts P_obj in the negative', () => {
    const prompts = taskPrompts('remove', 'lamp', 'people');
    expect(prompts).toEqual({ positive: ['empty scene blur lamp P_ctxt'], negative: ['people P_obj'] });
    expect(taskPrompts('outpaint')).toEqual({ positive: ['empty scene blur  P_ctxt'], negative: [' P_obj'] });
  });

  it('object and shape use their own task word on both sides', () => {
    expect(taskPrompts('object', 'a vase')).toEqual({
      positive: ['a vase P_obj'],
      negative: [', worst quality, low quality, normal quality, bad quality, blurry P_obj'],
    });
    const shape = taskPrompts('shape', 'a vase', 'ugly');
    expect(shape.positive).toEqual(['a vase P_shape', 'a vase P_ctxt']);
    expect(shape.negative).toEqual([
      'ugly, worst quality, low quality, normal quality, bad quality, blurry P_shape',
      'ugly, worst quality, low quality, normal quality, bad quality, blurry P_ctxt',
    ]);
  });

  it('expands task words to sub-tokens, or drops them for a bundle without task tokens', () => {
    expect(expandTaskWords('people P_obj', taskTokens)).toBe(`people ${taskTokens.P_obj!.join(' ')}`);
    expect(expandTaskWords('empty scene blur  P_ctxt', undefined)).toBe('empty scene blur');
    expect(expandTaskWords('P_objective P_obj', { P_obj: ['x'] })).toBe('P_objective x');
  });
});

describe('task conditioning', () => {
  const request = { task: 'shape' as const, prompt: 'a red chair', negativePrompt: 'blurry' };
  const texts = (t: 'A' | 'B') => {
    const prompts = taskPrompts('shape', request.prompt, request.negativePrompt);
    const i = t === 'A' ? 0 : 1;
    return [prompts.negative[i]!, prompts.positive[i]!].map((p) => expandTaskWords(p, taskTokens));
  };
  const concat = (parts: Float32Array[]) => {
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.forEach((p, i) => out.set(p, i * p.length));
    return out;
  };

  it('fitting degree 1 is exactly the A (P_shape) encodings, 0 exactly the B (P_ctxt) ones', async () => {
    const pureA = concat((await encoder.encode(texts('A'))).states);
    const pureB = concat((await encoder.encode(texts('B'))).states);
    const one = await encodeTaskConditioning(encoder, taskTokens, { ...request, fittingDegree: 1 }, true);
    const zero = await encodeTaskConditioning(encoder, taskTokens, { ...request, fittingDegree: 0 }, true);
    expect(one.states).toEqual(pureA);
    expect(zero.states).toEqual(pureB);
    const half = await encodeTaskConditioning(encoder, taskTokens, { ...request, fittingDegree: 0.5 }, true);
    const i = 77 * one.hiddenSize + 5;
    expect(half.states[i]).toBeCloseTo((pureA[i]! + pureB[i]!) / 2, 6);
    expect(pureA).not.toEqual(pureB);
  });

  it('lays out [negative, positive] with guidance and [positive] alone without', async () => {
    const guided = await encodeTaskConditioning(encoder, taskTokens, { task: 'object', prompt: 'a cat' }, true);
    const unguided = await encodeTaskConditioning(encoder, taskTokens, { task: 'object', prompt: 'a cat' }, false);
    expect(guided.states.length).toBe(2 * 77 * guided.hiddenSize);
    expect(unguided.states).toEqual(guided.states.slice(77 * guided.hiddenSize));
  });

  it('removal conditions its negative side on the P_obj sub-tokens', async () => {
    const negative = expandTaskWords(taskPrompts('remove', '', '').negative[0]!, taskTokens);
    const ids = tokenizer.encode(negative).ids;
    const pObjIds = taskTokens.P_obj!.map((t) => tokenizer.encode(t).ids[1]);
    expect(ids.slice(1, 11)).toEqual(pObjIds);
  });
});
