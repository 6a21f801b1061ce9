/**
 * A person's prompt is text: it can neither change the task nor end the text early. Only the task word the
 * engine appends becomes task sub-tokens; no prompt becomes <|startoftext|>, <|endoftext|> or any other added
 * token (models/text/prompt-tokenizer.ts `encodePrompt`), and the run's warnings say what was read as plain text.
 * Ordinary prompts keep exactly the ids diffusers gives.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { TASKS, type InpaintRequest, type Task } from '../../models/engine/types.js';
import { CONTEXT_LENGTH, PromptTokenizer } from '../../models/text/prompt-tokenizer.js';
import { plainTextWarning } from '../../models/text/task-conditioning.js';
import { expandTaskWords, taskPrompts, taskTexts, taskWordsIn } from '../../models/text/task-prompts.js';
import { explainWarning } from '../../ui/errors/explain-error.js';
import { buildTinyBundle } from '../bundle/tiny-bundle.js';
import { HubGolden, hubTokens, transformers4TokenizerJson } from '../hub-fixtures/hub-golden.js';
import { gradientImage, loadTinyEngine, rectMask } from './fixtures.js';

const W = 32;
const H = 32;
const base: InpaintRequest = { image: gradientImage(W, H), mask: rectMask(W, H, 8, 8, 24, 24), task: 'object', prompt: 'a red cat', steps: 1, guidance: 7.5, seed: 7 };

let taskTokens: Record<string, string[]>;
let tokenizerJson: object;
let tokenizer: PromptTokenizer;
/** The tiny tokenizer's ids: BOS, EOS, each task word's 10 sub-tokens, and every added token. */
let ids: { bos: number; eos: number; task: Record<string, number[]>; added: Set<number> };

beforeAll(async () => {
  const files = await buildTinyBundle();
  const manifest = JSON.parse(new TextDecoder().decode(files.get('powerpaint.json')));
  taskTokens = manifest.taskTokens;
  tokenizerJson = JSON.parse(new TextDecoder().decode(files.get('tokenizer/tokenizer.json')));
  tokenizer = new PromptTokenizer(tokenizerJson, Object.values(taskTokens).flat(), 'tiny');
  const raw = new Tokenizer(tokenizerJson, {});
  const id = (token: string) => raw.token_to_id(token)!;
  ids = {
    bos: id('<|startoftext|>'),
    eos: id('<|endoftext|>'),
    task: Object.fromEntries(Object.entries(taskTokens).map(([word, subs]) => [word, subs.map(id)])),
    added: new Set(raw.get_added_tokens_decoder().keys()),
  };
});

/**
 * The input_ids rows the text encoder received while `run` ran a fresh engine (a warm one would answer cached
 * prompts without an encoder call), copied as each call starts (onnxruntime disposes its input afterwards).
 */
async function textEncoderRows(run: (engine: PowerPaintEngine) => Promise<unknown>): Promise<number[][]> {
  type Run = (this: unknown, feeds: Record<string, ort.Tensor>, ...rest: unknown[]) => Promise<unknown>;
  const prototype = (ort.InferenceSession as unknown as { prototype: { run: Run } }).prototype;
  const original = prototype.run;
  const rows: number[][] = [];
  const spy = vi.spyOn(prototype, 'run').mockImplementation(function (this: unknown, feeds, ...rest) {
    const input = feeds.input_ids;
    if (input) {
      const flat = Array.from(input.data as ArrayLike<number | bigint>, Number);
      for (let r = 0; r < input.dims[0]!; r++) rows.push(flat.slice(r * CONTEXT_LENGTH, (r + 1) * CONTEXT_LENGTH));
    }
    return original.call(this, feeds, ...rest);
  });
  const engine = await loadTinyEngine();
  try {
    await run(engine);
    return rows;
  } finally {
    spy.mockRestore();
    await engine.release();
  }
}

/**
 * A row as the template writes it: BOS, words with no added token among them, the task's 10 sub-tokens, EOS, EOS
 * padding. The first EOS ends the text, so an EOS from the prompt would cut the row before its task sub-tokens.
 */
function expectTemplateRow(row: number[], taskWord: string): void {
  expect(row).toHaveLength(CONTEXT_LENGTH);
  expect(row[0]).toBe(ids.bos);
  const end = row.indexOf(ids.eos);
  expect(row.slice(end).every((id) => id === ids.eos)).toBe(true);
  const content = row.slice(1, end);
  expect(content.slice(-10)).toEqual(ids.task[taskWord]);
  expect(content.slice(0, -10).filter((id) => ids.added.has(id))).toEqual([]);
}

describe('an Insert run with task or special tokens typed into the prompt', () => {
  it('"a P_ctxt cat <|endoftext|>": the text encoder gets P_obj\'s sub-tokens only, once, at the end; a warning names both', async () => {
    let warnings: string[] = [];
    const rows = await textEncoderRows(async (engine) => {
      warnings = (await engine.run({ ...base, prompt: 'a P_ctxt cat <|endoftext|>', seed: 11 })).warnings;
    });
    expect(rows).toHaveLength(2); // [negative, positive]
    for (const row of rows) expectTemplateRow(row, 'P_obj');
    // The prompt's words are read as the plain text they are: the ids a tokenizer without added tokens gives.
    const plain = new Tokenizer({ ...tokenizerJson, added_tokens: [] }, {}).encode('a P_ctxt cat <|endoftext|>', { add_special_tokens: false }).ids;
    expect(rows[1]!.slice(1, 1 + plain.length + 10)).toEqual([...plain, ...ids.task.P_obj!]);
    expect(warnings).toEqual([`Your prompt contained "P_ctxt" and "<|endoftext|>", which PowerPaint reserves for its tasks and special tokens; they were read as plain text.`]);
  });

  it('"P_OBJ_2 vase" (CLIP lowercases before matching) and "p_CTXT_3" do not become task sub-tokens', async () => {
    for (const prompt of ['P_OBJ_2 vase', 'a p_CTXT_3 vase']) {
      let warnings: string[] = [];
      const rows = await textEncoderRows(async (engine) => {
        warnings = (await engine.run({ ...base, prompt, seed: 12 })).warnings;
      });
      expect(rows).toHaveLength(2);
      for (const row of rows) expectTemplateRow(row, 'P_obj');
      const reserved = prompt.split(' ').find((w) => w.includes('_'))!;
      expect(warnings).toEqual([`Your prompt contained "${reserved}", which PowerPaint reserves for its tasks; it was read as plain text.`]);
    }
  });

  it('checks the negative prompt too, and every task, and says which prompt held what', async () => {
    for (const task of TASKS) {
      let warnings: string[] = [];
      const rows = await textEncoderRows(async (engine) => {
        warnings = (await engine.run({ ...base, task, fittingDegree: 0.5, prompt: 'P_shape<|startoftext|>', negativePrompt: 'P_obj_0 <|ENDOFTEXT|> P_ctxt', seed: 13 })).warnings;
      });
      const texts = taskTexts(task);
      const words = [...texts.negative, ...texts.positive].map((t) => t.taskWord);
      expect(rows).toHaveLength(words.length);
      rows.forEach((row, i) => expectTemplateRow(row, words[i]!));
      // <|endoftext|> is matched case-sensitively (not normalized, as openai's tokenizer.json has it): the
      // upper-case spelling was plain text anyway and is not named.
      expect(warnings, task).toEqual([
        `Your prompt contained "<|startoftext|>", which the model reserves for its special tokens; it was read as plain text.`,
        `Your negative prompt contained "P_obj_0" and "P_ctxt", which PowerPaint reserves for its tasks; they were read as plain text.`,
      ]);
    }
  });

  it('ignores the negative prompt at guidance 1, warnings included', async () => {
    let warnings: string[] = ['not run'];
    const rows = await textEncoderRows(async (engine) => {
      warnings = (await engine.run({ ...base, guidance: 1, negativePrompt: 'P_ctxt' })).warnings;
    });
    expect(rows).toHaveLength(1);
    expect(warnings).toEqual([]);
  });
});

describe('ordinary prompts: exactly the ids the one-string reading gives (and diffusers, test/golden)', () => {
  const prompts: Array<[Task, string, string]> = [
    ['object', 'a red cat', ''],
    ['object', 'a vase with flowers!', 'ugly!!'],
    ['remove', '', 'people, text'],
    ['outpaint', 'a beach', ''],
    ['shape', 'a green chair', "don't; blurry."],
    ['object', Array.from({ length: 100 }, () => 'red').join(' '), 'bad'],
  ];
  it.each(prompts)('%s "%s" / "%s"', async (task, prompt, negativePrompt) => {
    const rows = await textEncoderRows(async (engine) => {
      const result = await engine.run({ ...base, task, prompt, negativePrompt, fittingDegree: 0.3, seed: 100 + prompt.length });
      expect(result.warnings.filter((w) => /plain text/.test(w))).toEqual([]);
    });
    const texts = taskPrompts(task, prompt, negativePrompt);
    const written = [...texts.negative, ...texts.positive].map((t) => tokenizer.encode(expandTaskWords(t, taskTokens)).ids);
    expect(rows).toEqual(written);
  });
});

describe('PromptTokenizer.encodePrompt on the PowerPaint repo tokenizer (test/fixtures/hub-golden/tokens.json)', () => {
  const tokens = hubTokens();
  const golden = new HubGolden();
  const PP = 'tiny-pp/powerpaint-v1';
  const json = transformers4TokenizerJson(PP) as object;
  const subTokens = Object.values(golden.repo(PP).taskTokens!).flat();
  const pp = new PromptTokenizer(json, subTokens, PP);
  const raw = new Tokenizer(json, {});
  const added = new Set(raw.get_added_tokens_decoder().keys());
  const SUFFIX = /^(.*?)((?:\s+P_(?:obj|ctxt|shape)_\d)+)$/s;

  it('reads words as transformers reads them with no PowerPaint tokens (the plain repo, same vocabulary)', () => {
    const plainRepo = tokens.repos['tiny-sd/inpainting-options'];
    let checked = 0;
    tokens.prompts.forEach((prompt, i) => {
      const expected = plainRepo.contentIds[i]!;
      if (expected.some((id) => added.has(id)) || expected.length > CONTEXT_LENGTH - 2) return; // typed <|startoftext|>: special there too
      const { ids } = pp.encodePrompt({ words: prompt, taskSubTokens: [] });
      expect(ids.slice(1, 1 + expected.length), prompt).toEqual(expected);
      expect(ids.slice(1 + expected.length).every((id) => id === raw.token_to_id('<|endoftext|>'))).toBe(true);
      checked++;
    });
    expect(checked).toBeGreaterThan(15);
  });

  it('gives a prompt with no reserved text the ids diffusers gives, its task suffix included', () => {
    let checked = 0;
    tokens.prompts.forEach((prompt, i) => {
      const suffix = SUFFIX.exec(prompt);
      const words = suffix ? suffix[1]! : prompt;
      if (pp.reservedIn(words).length > 0) return;
      const taskSubTokens = suffix ? suffix[2]!.trim().split(/\s+/) : [];
      const { ids } = pp.encodePrompt({ words, taskSubTokens });
      expect(ids, prompt).toEqual(pp.encode(prompt).ids);
      if (tokens.repos[PP].contentIds[i]!.length <= CONTEXT_LENGTH - 2) expect(ids, prompt).toEqual(tokens.repos[PP].inputIds[i]);
      checked++;
    });
    expect(checked).toBeGreaterThan(15);
  });

  it('names what the tokenizer reserves as the text spells it, in order', () => {
    expect(pp.reservedIn('a cat P_OBJ_0 p_obj_1 P_Obj_2')).toEqual([
      { text: 'P_OBJ_0', index: 6, task: true },
      { text: 'p_obj_1', index: 14, task: true },
      { text: 'P_Obj_2', index: 22, task: true },
    ]);
    expect(pp.reservedIn('<|startoftext|>a cat<|endoftext|> <|endoftext|>').map((r) => [r.text, r.task])).toEqual([
      ['<|startoftext|>', false],
      ['<|endoftext|>', false],
    ]);
    expect(pp.reservedIn('P_obj P_objective p_obj a cat')).toEqual([]);
  });
});

describe('task words and warnings', () => {
  it('the table in two parts writes the same texts as before', () => {
    for (const task of TASKS) {
      const texts = taskTexts(task, ' a vase ', 'ugly');
      const written = taskPrompts(task, ' a vase ', 'ugly');
      expect([...texts.positive, ...texts.negative].map((t) => `${t.words} ${t.taskWord}`)).toEqual([...written.positive, ...written.negative]);
    }
  });

  it('finds the task words expandTaskWords would expand, only for a model that has them', () => {
    expect(taskWordsIn('a P_ctxt cat P_obj P_ctxt P_objective xP_shape', taskTokens)).toEqual([
      { text: 'P_ctxt', index: 2 },
      { text: 'P_obj', index: 13 },
    ]);
    expect(taskWordsIn('a P_ctxt cat', undefined)).toEqual([]);
  });

  it('says nothing about ordinary text and reads as the banner shows it', () => {
    expect(plainTextWarning('prompt', 'a red cat, P_objective', tokenizer, taskTokens)).toBeUndefined();
    const warning = plainTextWarning('prompt', 'a P_ctxt cat', tokenizer, taskTokens)!;
    expect(warning).toBe('Your prompt contained "P_ctxt", which PowerPaint reserves for its tasks; it was read as plain text.');
    expect(explainWarning(warning)).toMatchObject({ kind: 'prompt-plain-text', title: warning });
  });
});
