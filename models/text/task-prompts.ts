import { EngineError } from '../engine/errors.js';
import { TASKS, type Task } from '../engine/types.js';

/**
 * The text each task feeds the model, as PowerPaint v1 trained it: the task word is a suffix.
 * Shape-guided insertion has two prompt pairs (A follows the drawn shape, B the context),
 * mixed later by the fitting degree.
 */
export interface TaskPrompts {
  positive: string[];
  negative: string[];
}

const QUALITY_NEGATIVE = 'worst quality, low quality, normal quality, bad quality, blurry';

export function taskPrompts(task: Task, prompt = '', negativePrompt = ''): TaskPrompts {
  const p = prompt.trim();
  const n = negativePrompt.trim();
  switch (task) {
    case 'object':
      return { positive: [`${p} P_obj`], negative: [`${n}, ${QUALITY_NEGATIVE} P_obj`] };
    case 'remove':
    case 'outpaint':
      return { positive: [`empty scene blur ${p} P_ctxt`], negative: [`${n} P_obj`] };
    case 'shape':
      return {
        positive: [`${p} P_shape`, `${p} P_ctxt`],
        negative: [`${n}, ${QUALITY_NEGATIVE} P_shape`, `${n}, ${QUALITY_NEGATIVE} P_ctxt`],
      };
    default:
      throw unknownTask(task);
  }
}

export function unknownTask(task: unknown): EngineError {
  return new EngineError('unknown-task', `Unknown task ${JSON.stringify(task)}. Choose one of: ${TASKS.join(', ')}.`);
}

const TASK_WORD = /(^|\s)(P_obj|P_ctxt|P_shape)(?=\s|$)/g;

/**
 * Writes each task word as its learned sub-tokens (`P_obj` -> `P_obj_0 … P_obj_9`); for a bundle
 * without task tokens (a plain SD-1.5 inpainting export) the words are dropped, leaving plain prompts.
 */
export function expandTaskWords(text: string, taskTokens: Record<string, string[]> | undefined): string {
  const expanded = text.replace(TASK_WORD, (_match, space: string, word: string) => {
    const subTokens = taskTokens?.[word];
    return subTokens ? `${space}${subTokens.join(' ')}` : space;
  });
  return expanded.replace(/\s+/g, ' ').trim();
}
