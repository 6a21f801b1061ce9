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

export const TASK_WORDS = ['P_obj', 'P_ctxt', 'P_shape'] as const;
export type TaskWord = (typeof TASK_WORDS)[number];

/** One of those texts in its two parts: the words (the task's own and the person's) and the task word after them. */
export interface TaskText {
  words: string;
  taskWord: TaskWord;
}

const QUALITY_NEGATIVE = 'worst quality, low quality, normal quality, bad quality, blurry';

/**
 * The PowerPaint v1 table (docs/DESIGN.md) with each text's task word kept apart from its words, so that
 * the engine can expand the task word alone (models/text/task-conditioning.ts): the person's text is never
 * searched for task words.
 */
export function taskTexts(task: Task, prompt = '', negativePrompt = ''): { positive: TaskText[]; negative: TaskText[] } {
  const p = prompt.trim();
  const n = negativePrompt.trim();
  const text = (words: string, taskWord: TaskWord): TaskText => ({ words, taskWord });
  switch (task) {
    case 'object':
      return { positive: [text(p, 'P_obj')], negative: [text(`${n}, ${QUALITY_NEGATIVE}`, 'P_obj')] };
    case 'remove':
    case 'outpaint':
      return { positive: [text(`empty scene blur ${p}`, 'P_ctxt')], negative: [text(n, 'P_obj')] };
    case 'shape':
      return {
        positive: [text(p, 'P_shape'), text(p, 'P_ctxt')],
        negative: [text(`${n}, ${QUALITY_NEGATIVE}`, 'P_shape'), text(`${n}, ${QUALITY_NEGATIVE}`, 'P_ctxt')],
      };
    default:
      throw unknownTask(task);
  }
}

/** The same texts written out as PowerPaint's reference code writes them (`{p} P_obj`, …). */
export function taskPrompts(task: Task, prompt = '', negativePrompt = ''): TaskPrompts {
  const texts = taskTexts(task, prompt, negativePrompt);
  const write = (t: TaskText) => `${t.words} ${t.taskWord}`;
  return { positive: texts.positive.map(write), negative: texts.negative.map(write) };
}

export function unknownTask(task: unknown): EngineError {
  return new EngineError('unknown-task', `Unknown task ${JSON.stringify(task)}. Choose one of: ${TASKS.join(', ')}.`);
}

const TASK_WORD = /(^|\s)(P_obj|P_ctxt|P_shape)(?=\s|$)/g;

/**
 * Writes each task word as its learned sub-tokens (`P_obj` -> `P_obj_0 … P_obj_9`); for a bundle
 * without task tokens (a plain SD-1.5 inpainting export) the words are dropped, leaving plain prompts.
 * This reads a whole written prompt, the person's words included, as PowerPaint's reference code does; the
 * engine expands only the task word of a `TaskText` (models/text/task-conditioning.ts).
 */
export function expandTaskWords(text: string, taskTokens: Record<string, string[]> | undefined): string {
  const expanded = text.replace(TASK_WORD, (_match, space: string, word: string) => {
    const subTokens = taskTokens?.[word];
    return subTokens ? `${space}${subTokens.join(' ')}` : space;
  });
  return expanded.replace(/\s+/g, ' ').trim();
}

/**
 * The task words in a person's text that `expandTaskWords` would have turned into task sub-tokens for a model
 * with `taskTokens`, with where each first appears: the engine reads them as plain text, and says so.
 */
export function taskWordsIn(text: string, taskTokens: Record<string, string[]> | undefined): Array<{ text: string; index: number }> {
  const found = new Map<string, number>();
  for (const match of text.matchAll(TASK_WORD)) {
    const word = match[2]!;
    if (taskTokens?.[word] && !found.has(word)) found.set(word, match.index + match[1]!.length);
  }
  return [...found].map(([word, index]) => ({ text: word, index }));
}
