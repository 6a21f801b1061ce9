import * as ort from 'onnxruntime-web';
import { valueMetadata, type ModelSession } from '../runtime/model-session.js';
import { CONTEXT_LENGTH, type PromptText, type PromptTokenizer } from './prompt-tokenizer.js';

export interface EncodedPrompts {
  /** One [77, D] encoder output per prompt, in the order asked. */
  states: Float32Array[];
  hiddenSize: number;
  /** Prompts that lost words to the 77-token limit. */
  truncated: Array<string | PromptText>;
}

/**
 * Text encoder runs with a cache keyed by the prompt: the same negative prompt or a re-run with a new seed
 * costs no encoder call. A prompt is a `PromptText` (what the engine sends: words read as plain text, then
 * task sub-tokens) or a written string read as diffusers reads it (`PromptTokenizer.encode`).
 */
export class PromptEncoder {
  private readonly cache = new Map<string, { state: Float32Array; dropped: number }>();
  private readonly idsType: 'int32' | 'int64';

  constructor(
    private readonly session: ModelSession,
    readonly tokenizer: PromptTokenizer,
  ) {
    this.idsType = valueMetadata(session, 'input', 'input_ids').type === 'int32' ? 'int32' : 'int64';
  }

  async encode(prompts: ReadonlyArray<string | PromptText>): Promise<EncodedPrompts> {
    const missing = [...new Map(prompts.filter((p) => !this.cache.has(cacheKey(p))).map((p) => [cacheKey(p), p])).values()];
    if (missing.length > 0) await this.encodeUncached(missing);
    const entries = prompts.map((p) => this.cache.get(cacheKey(p))!);
    const hiddenSize = entries[0]!.state.length / CONTEXT_LENGTH;
    return {
      states: entries.map((e) => e.state),
      hiddenSize,
      truncated: prompts.filter((_p, i) => entries[i]!.dropped > 0),
    };
  }

  private async encodeUncached(prompts: Array<string | PromptText>): Promise<void> {
    const tokenized = prompts.map((p) => (typeof p === 'string' ? this.tokenizer.encode(p) : this.tokenizer.encodePrompt(p)));
    const flat = tokenized.flatMap((t) => t.ids);
    const data = this.idsType === 'int32' ? Int32Array.from(flat) : BigInt64Array.from(flat, (id) => BigInt(id));
    const input = new ort.Tensor(this.idsType, data, [prompts.length, CONTEXT_LENGTH]);
    const { last_hidden_state: output } = await this.session.run({ input_ids: input }, ['last_hidden_state']);
    input.dispose();
    const all = output!.data as Float32Array;
    const size = all.length / prompts.length;
    prompts.forEach((prompt, i) => {
      this.cache.set(cacheKey(prompt), { state: all.slice(i * size, (i + 1) * size), dropped: tokenized[i]!.droppedTokens });
    });
    output!.dispose();
  }
}

/** A written string and a `PromptText` never share an entry: the same characters are tokenized differently. */
function cacheKey(prompt: string | PromptText): string {
  return typeof prompt === 'string' ? `written:${prompt}` : `text:${JSON.stringify([prompt.words, prompt.taskSubTokens])}`;
}

/** Shape-guided fitting degree: t·A + (1−t)·B on the encoder outputs, rounded as float32 math rounds it. */
export function mixEncodings(a: Float32Array, b: Float32Array, t: number): Float32Array {
  const ta = Math.fround(t);
  const tb = Math.fround(1 - t);
  const mixed = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) mixed[i] = Math.fround(a[i]! * ta) + Math.fround(b[i]! * tb);
  return mixed;
}
