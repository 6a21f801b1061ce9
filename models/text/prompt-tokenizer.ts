import { Tokenizer } from '@huggingface/tokenizers';
import { EngineError } from '../engine/errors.js';

export const CONTEXT_LENGTH = 77;

export interface TokenizedPrompt {
  ids: number[];
  /** Content tokens dropped to fit the context (0 when it fit). */
  droppedTokens: number;
}

/**
 * CLIP tokenization as diffusers does it: BOS, content, EOS, padded to 77 with EOS, no attention mask.
 * A prompt too long for the context loses words from the user's text, never the task sub-tokens at
 * its end: without them the model would not know its task.
 */
export class PromptTokenizer {
  private readonly tokenizer: Tokenizer;
  private readonly bos: number;
  private readonly eos: number;
  private readonly taskIds: Set<number>;

  constructor(tokenizerJson: unknown, taskSubTokens: readonly string[], label: string) {
    try {
      this.tokenizer = new Tokenizer(tokenizerJson as object, {});
    } catch (cause) {
      throw new EngineError('corrupt-bundle', `tokenizer/tokenizer.json in ${label} is not a tokenizer this engine can read. Re-download the bundle.`, { cause });
    }
    this.bos = this.requireId('<|startoftext|>', label);
    this.eos = this.requireId('<|endoftext|>', label);
    this.taskIds = new Set(taskSubTokens.map((token) => this.requireId(token, label)));
  }

  encode(text: string): TokenizedPrompt {
    const content = this.tokenizer.encode(text, { add_special_tokens: false }).ids;
    const room = CONTEXT_LENGTH - 2;
    let kept = content;
    if (content.length > room) {
      let taskStart = content.length;
      while (taskStart > 0 && this.taskIds.has(content[taskStart - 1]!)) taskStart--;
      const task = content.slice(taskStart);
      kept = [...content.slice(0, Math.max(0, room - task.length)), ...task].slice(-room);
    }
    const ids = [this.bos, ...kept, this.eos];
    while (ids.length < CONTEXT_LENGTH) ids.push(this.eos);
    return { ids, droppedTokens: content.length - kept.length };
  }

  private requireId(token: string, label: string): number {
    const id = this.tokenizer.token_to_id(token);
    if (id === undefined) {
      throw new EngineError('bundle-mismatch', `The tokenizer in ${label} has no token ${token}; the bundle's tokenizer and manifest do not belong together. Re-export the bundle.`);
    }
    return id;
  }
}
