import type { InpaintRequest } from '../engine/types.js';
import { mixEncodings, type PromptEncoder } from './prompt-encoder.js';
import type { PromptText, PromptTokenizer } from './prompt-tokenizer.js';
import { taskTexts, taskWordsIn } from './task-prompts.js';

export interface TaskConditioning {
  /** [B, 77, D]: [negative, positive] with guidance, [positive] without. */
  states: Float32Array;
  hiddenSize: number;
  truncated: boolean;
  /** What in the person's prompt or negative prompt was read as plain text, and why: one sentence each. */
  warnings: string[];
}

/**
 * The UNet's text conditioning for a request: task prompts, task tokens, fitting degree.
 *
 * The person's prompt and negative prompt are text: only the task word the table appends becomes task
 * sub-tokens, and the words (theirs and the task's) are read as plain text (`PromptTokenizer.encodePrompt`), so
 * no prompt can change the task or end the text early. Where a prompt held something that would otherwise have
 * been such a token (`P_ctxt`, `P_OBJ_2`, `<|endoftext|>`), `warnings` says so.
 */
export async function encodeTaskConditioning(
  encoder: PromptEncoder,
  taskTokens: Record<string, string[]> | undefined,
  request: Pick<InpaintRequest, 'task' | 'prompt' | 'negativePrompt' | 'fittingDegree'>,
  guided: boolean,
): Promise<TaskConditioning> {
  const texts = taskTexts(request.task, request.prompt, request.negativePrompt);
  const sides = guided ? [texts.negative, texts.positive] : [texts.positive];
  const prompts = sides.flat().map((t): PromptText => ({ words: t.words, taskSubTokens: taskTokens?.[t.taskWord] ?? [] }));
  const encoded = await encoder.encode(prompts);
  const fitting = request.fittingDegree ?? 1;
  const perSide = sides[0]!.length;
  const sideStates = sides.map((_side, s) => {
    const [a, b] = encoded.states.slice(s * perSide, (s + 1) * perSide);
    return b === undefined ? a! : mixEncodings(a!, b, fitting);
  });
  const size = sideStates[0]!.length;
  const states = new Float32Array(size * sideStates.length);
  sideStates.forEach((st, i) => states.set(st, i * size));
  const warnings = [
    plainTextWarning('prompt', request.prompt ?? '', encoder.tokenizer, taskTokens),
    guided ? plainTextWarning('negative prompt', request.negativePrompt ?? '', encoder.tokenizer, taskTokens) : undefined,
  ].filter((w): w is string => w !== undefined);
  return { states, hiddenSize: encoded.hiddenSize, truncated: encoded.truncated.length > 0, warnings };
}

/**
 * `Your prompt contained "P_ctxt", which PowerPaint reserves for its tasks; it was read as plain text.`, naming
 * each task word, task sub-token or special token in `text` as the person spelled it; undefined when none.
 */
export function plainTextWarning(
  field: 'prompt' | 'negative prompt',
  text: string,
  tokenizer: PromptTokenizer,
  taskTokens: Record<string, string[]> | undefined,
): string | undefined {
  const found = [...taskWordsIn(text, taskTokens).map((w) => ({ ...w, task: true })), ...tokenizer.reservedIn(text)]
    .sort((a, b) => a.index - b.index)
    .filter((f, i, all) => all.findIndex((g) => g.text === f.text) === i);
  if (found.length === 0) return undefined;
  const quoted = found.map((f) => `"${f.text}"`);
  const list = quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)!}`;
  const task = found.some((f) => f.task);
  const special = found.some((f) => !f.task);
  const reason = task && special ? 'PowerPaint reserves for its tasks and special tokens' : task ? 'PowerPaint reserves for its tasks' : 'the model reserves for its special tokens';
  return `Your ${field} contained ${list}, which ${reason}; ${found.length === 1 ? 'it was' : 'they were'} read as plain text.`;
}
