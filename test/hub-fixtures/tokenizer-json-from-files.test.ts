/**
 * models/text/tokenizer-json-from-files.ts on the tokenizer files of test/fixtures/hub-repos (vocab.json,
 * merges.txt, special_tokens_map.json, tokenizer_config.json, added_tokens.json as transformers 4 wrote them; no
 * tokenizer.json), against the ids transformers gave for the same files (test/fixtures/hub-golden/tokens.json).
 */
import { readFile } from 'node:fs/promises';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../models/engine/errors.js';
import { CONTEXT_LENGTH, PromptTokenizer } from '../../models/text/prompt-tokenizer.js';
import { readTokenizerFiles, tokenizerJsonFromFiles, type TokenizerFiles } from '../../models/text/tokenizer-json-from-files.js';
import { HUB_GOLDEN_REPOS, HUB_REPOS_DIR, HubGolden, hubTokens, transformers4TokenizerJson, type HubGoldenRepo } from './hub-golden.js';

const tokens = hubTokens();
const golden = new HubGolden();

async function repoFiles(repo: string): Promise<TokenizerFiles> {
  return readTokenizerFiles(async (name) => {
    try {
      return await readFile(`${HUB_REPOS_DIR}${repo}/tokenizer/${name}`);
    } catch {
      return undefined;
    }
  });
}

function taskSubTokens(repo: HubGoldenRepo): string[] {
  return Object.values(golden.repo(repo).taskTokens ?? {}).flat();
}

function engineError(run: () => unknown): EngineError {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError');
}

describe.each(HUB_GOLDEN_REPOS)('tokenizer files of %s', (repo) => {
  const expected = tokens.repos[repo];

  it('are the files published repos have: vocab.json and merges.txt, no tokenizer.json', async () => {
    const files = await repoFiles(repo);
    expect(files.vocab).toBeDefined();
    expect(files.merges?.startsWith('#version: 0.2\n')).toBe(true);
    await expect(readFile(`${HUB_REPOS_DIR}${repo}/tokenizer/tokenizer.json`)).rejects.toThrow();
    // PowerPaint's sub-tokens come as added tokens; the plain repo has the 2022 layout without any.
    expect(files.addedTokens !== undefined).toBe(golden.repo(repo).taskTokens !== null);
  });

  it("build exactly the tokenizer.json transformers' CLIPTokenizerFast converts from them", async () => {
    expect(tokenizerJsonFromFiles(await repoFiles(repo), repo)).toEqual(transformers4TokenizerJson(repo));
  });

  it('tokenize every golden prompt to the ids transformers 4 (fast) and 5 give', async () => {
    const tokenizer = new Tokenizer(tokenizerJsonFromFiles(await repoFiles(repo), repo), {});
    const ids = tokens.prompts.map((p) => tokenizer.encode(p, { add_special_tokens: false }).ids);
    expect(ids).toEqual(expected.contentIds);
    expect(ids).toEqual(expected.transformers4.fastContentIds);
  });

  it('give through PromptTokenizer the 77 ids diffusers feeds the text encoder (task sub-tokens kept when cut)', async () => {
    const json = tokenizerJsonFromFiles(await repoFiles(repo), repo);
    const subTokens = taskSubTokens(repo);
    const taskIds = new Set(subTokens.map((t) => new Tokenizer(json, {}).token_to_id(t)));
    const prompts = new PromptTokenizer(json, subTokens, repo);
    const cut = tokens.prompts.map((prompt, i) => {
      const content = expected.contentIds[i]!;
      const diffusers = expected.inputIds[i]!;
      let task = 0;
      while (task < content.length && taskIds.has(content[content.length - 1 - task]!)) task++;
      const ids = prompts.encode(prompt).ids;
      if (content.length <= CONTEXT_LENGTH - 2 || task === 0) {
        // diffusers cuts the end off an overlong prompt; with no task sub-tokens at its end, so does the engine.
        expect(ids, prompt).toEqual(diffusers);
        return content.length > CONTEXT_LENGTH - 2;
      }
      // The engine drops user words instead of the task sub-tokens, which diffusers would cut off.
      const kept = [...content.slice(0, CONTEXT_LENGTH - 2 - task), ...content.slice(-task)];
      expect(ids, prompt).toEqual([diffusers[0], ...kept, diffusers[CONTEXT_LENGTH - 1]]);
      expect(ids).not.toEqual(diffusers);
      return true;
    });
    expect(cut.filter(Boolean).length).toBeGreaterThanOrEqual(2); // the prompt list has overlong prompts
  });
});

describe('tokenizer files: where transformers 4 readers disagree (documented in tokens.json)', () => {
  it('the slow CLIPTokenizer differs from the fast one only on exact-case task tokens, CJK and control characters', () => {
    const differing = (repo: HubGoldenRepo) => tokens.repos[repo].slowDiffers.map((i) => tokens.prompts[i]);
    // Slow: added tokens match case-sensitively, BERT's BasicTokenizer splits CJK ideographs and drops
    // control/format characters. The fast tokenizer (and this engine) lowercases first and keeps bytes.
    expect(differing('tiny-pp/powerpaint-v1')).toEqual(['a cat P_OBJ_0 p_obj_1 P_Obj_2', '猫犬 と ねこ', 'a\u0007b\u200bc']);
    expect(differing('tiny-sd/inpainting-options')).toEqual(['猫犬 と ねこ', 'a\u0007b\u200bc']);
  });
});

describe('tokenizer-json-from-files: older and partial layouts', () => {
  it('reads the legacy added_tokens.json alone (no added_tokens_decoder) to the same tokenizer', async () => {
    const files = await repoFiles('tiny-pp/powerpaint-v1');
    const config = JSON.parse(files.tokenizerConfig!) as Record<string, unknown>;
    delete config['added_tokens_decoder'];
    const legacy = tokenizerJsonFromFiles({ ...files, tokenizerConfig: JSON.stringify(config) }, 'legacy');
    expect(legacy).toEqual(transformers4TokenizerJson('tiny-pp/powerpaint-v1'));
    const bare = tokenizerJsonFromFiles({ vocab: files.vocab, merges: files.merges, addedTokens: files.addedTokens }, 'bare');
    expect(bare).toEqual(transformers4TokenizerJson('tiny-pp/powerpaint-v1'));
  });

  it('keeps added_tokens_decoder flags: a token not normalized matches only its exact case', async () => {
    const files = await repoFiles('tiny-pp/powerpaint-v1');
    const config = JSON.parse(files.tokenizerConfig!) as { added_tokens_decoder: Record<string, { content: string; normalized: boolean }> };
    const entry = Object.values(config.added_tokens_decoder).find((t) => t.content === 'P_obj_0')!;
    entry.normalized = false;
    const tokenizer = new Tokenizer(tokenizerJsonFromFiles({ ...files, tokenizerConfig: JSON.stringify(config) }, 'flags'), {});
    const id = tokenizer.token_to_id('P_obj_0');
    expect(tokenizer.encode('a P_obj_0', { add_special_tokens: false }).ids).toContain(id);
    expect(tokenizer.encode('a P_OBJ_0', { add_special_tokens: false }).ids).not.toContain(id);
  });

  it('says which file is missing', async () => {
    const files = await repoFiles('tiny-sd/inpainting-options');
    const noVocab = engineError(() => tokenizerJsonFromFiles({ ...files, vocab: undefined }, 'owner/repo'));
    expect(noVocab.code).toBe('missing-file');
    expect(noVocab.message).toContain('owner/repo has no tokenizer/vocab.json.');
    const noMerges = engineError(() => tokenizerJsonFromFiles({ ...files, merges: undefined }, 'owner/repo'));
    expect(noMerges.message).toContain('owner/repo has no tokenizer/merges.txt.');
    expect(engineError(() => tokenizerJsonFromFiles({}, 'owner/repo')).message).toContain('no tokenizer/vocab.json or tokenizer/merges.txt.');
  });

  it('says what is malformed', async () => {
    const files = await repoFiles('tiny-pp/powerpaint-v1');
    const message = (changed: Partial<TokenizerFiles>) => {
      const error = engineError(() => tokenizerJsonFromFiles({ ...files, ...changed }, 'owner/repo'));
      expect(error.code).toBe('corrupt-bundle');
      return error.message;
    };
    expect(message({ vocab: '{"a": 0,' })).toContain('tokenizer/vocab.json is not valid JSON');
    expect(message({ vocab: '["a"]' })).toContain('tokenizer/vocab.json is not a JSON object');
    expect(message({ vocab: '{"a": "zero"}' })).toContain('tokenizer/vocab.json maps "a" to "zero", not to a token id');
    expect(message({ merges: '#version: 0.2\nb l\nl o x\n' })).toContain('line 3 of tokenizer/merges.txt is "l o x"');
    expect(message({ merges: '#version: 0.2\nq q\n' })).toContain('line 2 of tokenizer/merges.txt needs "qq", which tokenizer/vocab.json does not have');
    expect(message({ merges: '#version: 0.2\n' })).toContain('tokenizer/merges.txt has no merges');
    expect(message({ addedTokens: '{"P_obj_0": 5}', tokenizerConfig: undefined })).toContain('the added token "P_obj_0" has the id 5, which');
    expect(message({ specialTokensMap: '{"bos_token": "<|nope|>"}' })).toContain('its bos_token "<|nope|>" is in neither');
  });

  it('reads the five files by name, and only those', async () => {
    const asked: string[] = [];
    const files = await readTokenizerFiles(async (name) => {
      asked.push(name);
      return name === 'vocab.json' ? new TextEncoder().encode('{}') : undefined;
    });
    expect(asked.sort()).toEqual(['added_tokens.json', 'merges.txt', 'special_tokens_map.json', 'tokenizer_config.json', 'vocab.json']);
    expect(files).toEqual({ vocab: '{}' });
  });
});
