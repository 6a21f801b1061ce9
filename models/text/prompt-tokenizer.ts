import { Tokenizer } from '@huggingface/tokenizers';
import { EngineError } from '../engine/errors.js';

export const CONTEXT_LENGTH = 77;

export interface TokenizedPrompt {
  ids: number[];
  /** Content tokens dropped to fit the context (0 when it fit). */
  droppedTokens: number;
}

/**
 * A text the engine feeds the text encoder: words, read as plain text, then the task's sub-tokens.
 *
 * `words` is the task's own words and the person's prompt (`empty scene blur {p}`, `{n}, worst quality, …`);
 * `taskSubTokens` is what the task word after them expands to (`P_obj_0 … P_obj_9`; none for a model
 * without task tokens). Kept apart, never joined into one string, so that nothing in the words can become a
 * task or special token (see `PromptTokenizer.encodePrompt`).
 */
export interface PromptText {
  words: string;
  taskSubTokens: readonly string[];
}

/** A piece of a person's text that the tokenizer reserves for one of its added or special tokens. */
export interface ReservedText {
  /** As the text spells it (`P_OBJ_2`, `<|endoftext|>`). */
  text: string;
  /** Where it first appears in the text. */
  index: number;
  /** A PowerPaint task sub-token (`P_obj_0` …) rather than a special token such as `<|endoftext|>`. */
  task: boolean;
}

/**
 * CLIP tokenization as diffusers does it: BOS, content, EOS, padded to 77 with EOS, no attention mask.
 * A prompt too long for the context loses words from the user's text, never the task sub-tokens at
 * its end: without them the model would not know its task.
 */
export class PromptTokenizer {
  private readonly tokenizer: Tokenizer;
  /**
   * The same tokenizer without its added tokens (BOS, EOS, PowerPaint's 30 task sub-tokens, anything else the
   * repo added): it reads any text as plain words. See `encodePrompt`.
   */
  private readonly plain: Tokenizer;
  private readonly bos: number;
  private readonly eos: number;
  private readonly taskIds: Map<string, number>;
  /** Every added or special token's id, and whether it is a task sub-token. */
  private readonly reserved = new Map<number, { content: string; normalized: boolean; task: boolean }>();

  constructor(tokenizerJson: unknown, taskSubTokens: readonly string[], label: string) {
    try {
      this.tokenizer = new Tokenizer(tokenizerJson as object, {});
      this.plain = new Tokenizer({ ...(tokenizerJson as object), added_tokens: [] }, {});
    } catch (cause) {
      throw new EngineError('corrupt-bundle', `tokenizer/tokenizer.json in ${label} is not a tokenizer this engine can read. Re-download the bundle.`, { cause });
    }
    this.bos = this.requireId('<|startoftext|>', label);
    this.eos = this.requireId('<|endoftext|>', label);
    this.taskIds = new Map(taskSubTokens.map((token) => [token, this.requireId(token, label)]));
    const taskIds = new Set(this.taskIds.values());
    for (const [id, token] of this.tokenizer.get_added_tokens_decoder()) {
      this.reserved.set(id, { content: token.content, normalized: token.normalized, task: taskIds.has(id) });
    }
    for (const id of [this.bos, this.eos, ...taskIds]) {
      if (!this.reserved.has(id)) this.reserved.set(id, { content: this.tokenizer.id_to_token(id) ?? '', normalized: true, task: taskIds.has(id) });
    }
  }

  /**
   * A written prompt read as diffusers reads it, task sub-tokens and special tokens in the text included
   * (`a red vase P_obj_0 … P_obj_9`). For comparing with diffusers; the engine encodes `PromptText`s.
   */
  encode(text: string): TokenizedPrompt {
    const content = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    let taskStart = content.length;
    while (taskStart > 0 && this.isTaskId(content[taskStart - 1]!)) taskStart--;
    return this.fit(content.slice(0, taskStart), content.slice(taskStart));
  }

  /**
   * The engine's text: the words as plain text, then the task's sub-tokens as tokens.
   *
   * Why the words and the task are tokenized apart and their ids joined, not written into one string: once the
   * person's text and the task suffix are one string, the tokenizer cannot tell them apart, so a prompt typed as
   * `a P_ctxt cat <|endoftext|>` or `P_OBJ_2 vase` (CLIP lowercases before it matches added tokens) would send
   * task and special tokens of its own. Here the words go through `plain`, the same normalizer, pre-tokenizer and
   * BPE without any added token, so no text can become one: `<|endoftext|>` is read as the pieces `<|`,
   * `endoftext`, `|>`, and `P_OBJ_2` as `p`, `_`, `obj`, `_`, `2`, exactly the ids a tokenizer without
   * PowerPaint's tokens gives (test/engine/prompt-text.test.ts checks them against transformers). Only the task
   * sub-tokens the engine appends become task ids.
   *
   * Ordinary prompts get exactly the ids of today's (and diffusers') one-string reading `{words} P_obj_0 …
   * P_obj_9`: a text in which no added token matches takes the same path through the tokenizer with or without
   * added tokens, and the sub-tokens always follow a space, which CLIP's pre-tokenizer never lets a piece cross.
   * (Neutralising the reserved substrings in the text instead, e.g. breaking `P_OBJ_2` with a space, keeps those
   * ids only where the break falls on a pre-tokenizer boundary and the normalizer's case folding is followed
   * exactly; a tokenizer without added tokens gives the plain reading of any added token by construction.)
   */
  encodePrompt(prompt: PromptText): TokenizedPrompt {
    // The plain tokenizer can still name a reserved id as its unknown-token fallback (CLIP's unk is
    // <|endoftext|>), for a character a vocabulary lacks; CLIP's byte-level vocabulary lacks none. Never sent.
    const words = this.plain.encode(prompt.words, { add_special_tokens: false }).ids.filter((id) => typeof id === 'number' && !this.reserved.has(id));
    const task = prompt.taskSubTokens.map((token) => {
      const id = this.taskIds.get(token);
      if (id === undefined) throw new EngineError('bundle-mismatch', `The task sub-token ${token} is not one the tokenizer was given; the bundle's tokenizer and manifest do not belong together. Re-export the bundle.`);
      return id;
    });
    return this.fit(words, task);
  }

  /**
   * What in `text` the full tokenizer would read as one of its added or special tokens, in the order it appears,
   * each spelling once: what `encodePrompt` reads as plain text instead, for telling the person.
   */
  reservedIn(text: string): ReservedText[] {
    const ids = new Set(this.tokenizer.encode(text, { add_special_tokens: false }).ids.filter((id) => this.reserved.has(id)));
    const found = new Map<string, ReservedText>();
    for (const id of ids) {
      const token = this.reserved.get(id)!;
      // Normalized tokens are matched after CLIP's lowercasing, so any case spells them.
      const pattern = new RegExp(token.content.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), token.normalized ? 'giu' : 'gu');
      const spellings = [...text.matchAll(pattern)].map((m) => ({ text: m[0], index: m.index }));
      for (const spelling of spellings.length > 0 ? spellings : [{ text: token.content, index: text.length }]) {
        if (!found.has(spelling.text)) found.set(spelling.text, { ...spelling, task: token.task });
      }
    }
    return [...found.values()].sort((a, b) => a.index - b.index);
  }

  /** BOS, the content (cut from the words when too long, keeping the task ids), EOS, EOS padding to 77. */
  private fit(words: number[], task: number[]): TokenizedPrompt {
    const room = CONTEXT_LENGTH - 2;
    const kept = words.length + task.length > room ? [...words.slice(0, Math.max(0, room - task.length)), ...task].slice(-room) : [...words, ...task];
    const ids = [this.bos, ...kept, this.eos];
    while (ids.length < CONTEXT_LENGTH) ids.push(this.eos);
    return { ids, droppedTokens: words.length + task.length - kept.length };
  }

  private isTaskId(id: number): boolean {
    return this.reserved.get(id)?.task === true;
  }

  private requireId(token: string, label: string): number {
    const id = this.tokenizer.token_to_id(token);
    if (id === undefined) {
      throw new EngineError('bundle-mismatch', `The tokenizer in ${label} has no token ${token}; the bundle's tokenizer and manifest do not belong together. Re-export the bundle.`);
    }
    return id;
  }
}
