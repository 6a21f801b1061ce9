import type { InpaintRequest } from '../engine/types.js';
import { mixEncodings, type PromptEncoder } from './prompt-encoder.js';
import { expandTaskWords, taskPrompts } from './task-prompts.js';

export interface TaskConditioning {
  /** [B, 77, D]: [negative, positive] with guidance, [positive] without. */
  states: Float32Array;
  hiddenSize: number;
  truncated: boolean;
}

/** The UNet's text conditioning for a request: task prompts, task tokens, fitting degree. */
export async function encodeTaskConditioning(
  encoder: PromptEncoder,
  taskTokens: Record<string, string[]> | undefined,
  request: Pick<InpaintRequest, 'task' | 'prompt' | 'negativePrompt' | 'fittingDegree'>,
  guided: boolean,
): Promise<TaskConditioning> {
  const texts = taskPrompts(request.task, request.prompt, request.negativePrompt);
  const sides = guided ? [texts.negative, texts.positive] : [texts.positive];
  const encoded = await encoder.encode(sides.flat().map((text) => expandTaskWords(text, taskTokens)));
  const fitting = request.fittingDegree ?? 1;
  const perSide = sides[0]!.length;
  const sideStates = sides.map((_side, s) => {
    const [a, b] = encoded.states.slice(s * perSide, (s + 1) * perSide);
    return b === undefined ? a! : mixEncodings(a!, b, fitting);
  });
  const size = sideStates[0]!.length;
  const states = new Float32Array(size * sideStates.length);
  sideStates.forEach((st, i) => states.set(st, i * size));
  return { states, hiddenSize: encoded.hiddenSize, truncated: encoded.truncated.length > 0 };
}
