import { EngineError } from '../engine/errors.js';
import { clipTokenizerJson, type AddedToken, type ClipTokenizerJson } from './clip-tokenizer-json.js';

/**
 * A CLIP `tokenizer.json` from the files SD repos published in 2022-24 ship instead of one (the files
 * transformers 4's slow CLIPTokenizer wrote): vocab.json, merges.txt, and where there are added tokens (PowerPaint's
 * task sub-tokens) added_tokens.json and/or tokenizer_config.json's `added_tokens_decoder`; special tokens from
 * special_tokens_map.json or tokenizer_config.json. The result is what transformers' CLIPTokenizerFast converts
 * from the same files (ids checked against transformers 4 and 5 on test/fixtures/hub-repos), for
 * `new Tokenizer(json, {})` / models/text/prompt-tokenizer.ts.
 *
 * Where transformers' readers disagree, this follows the fast (converted) tokenizer diffusers users get: added
 * tokens are matched in the lowercased text (`P_OBJ_0` is `P_obj_0`; the slow tokenizer needs the exact case).
 */

/** The repo's `tokenizer/` files as UTF-8 text; absent files undefined. vocab and merges are required. */
export interface TokenizerFiles {
  vocab?: string;
  merges?: string;
  addedTokens?: string;
  tokenizerConfig?: string;
  specialTokensMap?: string;
}

export const TOKENIZER_FILE_NAMES: Readonly<Record<keyof TokenizerFiles, string>> = {
  vocab: 'vocab.json',
  merges: 'merges.txt',
  addedTokens: 'added_tokens.json',
  tokenizerConfig: 'tokenizer_config.json',
  specialTokensMap: 'special_tokens_map.json',
};

/** CLIP's special tokens, used where neither special_tokens_map.json nor tokenizer_config.json names them. */
const CLIP_SPECIALS = { bos_token: '<|startoftext|>', eos_token: '<|endoftext|>', unk_token: '<|endoftext|>', pad_token: '<|endoftext|>' };
type SpecialRole = keyof typeof CLIP_SPECIALS;

/**
 * Reads the tokenizer files with `read(fileName)` ('vocab.json', …, relative to the repo's `tokenizer/` folder),
 * which answers undefined for a file the repo does not have. Reads all five at once.
 */
export async function readTokenizerFiles(read: (fileName: string) => Promise<Uint8Array | undefined>): Promise<TokenizerFiles> {
  const keys = Object.keys(TOKENIZER_FILE_NAMES) as Array<keyof TokenizerFiles>;
  const bytes = await Promise.all(keys.map((key) => read(TOKENIZER_FILE_NAMES[key])));
  const files: TokenizerFiles = {};
  keys.forEach((key, i) => {
    const content = bytes[i];
    if (content !== undefined) files[key] = new TextDecoder().decode(content);
  });
  return files;
}

/** `label` names the repo in messages (e.g. its Hub id). */
export function tokenizerJsonFromFiles(files: TokenizerFiles, label: string): ClipTokenizerJson {
  const where = new Where(label);
  if (files.vocab === undefined || files.merges === undefined) {
    const missing = [files.vocab === undefined ? 'vocab.json' : '', files.merges === undefined ? 'merges.txt' : ''].filter(Boolean);
    throw new EngineError(
      'missing-file',
      `The tokenizer of ${label} has no ${missing.map((f) => `tokenizer/${f}`).join(' or ')}. A CLIP tokenizer needs tokenizer/vocab.json and tokenizer/merges.txt (or tokenizer/tokenizer.json); check that the repo is a complete diffusers pipeline.`,
    );
  }
  const vocab = parseVocab(files.vocab, where);
  const merges = parseMerges(files.merges, vocab, where);
  const config = files.tokenizerConfig === undefined ? {} : objectOf(parseJson(files.tokenizerConfig, 'tokenizer_config.json', where), 'tokenizer_config.json', where);
  const map = files.specialTokensMap === undefined ? {} : objectOf(parseJson(files.specialTokensMap, 'special_tokens_map.json', where), 'special_tokens_map.json', where);
  const added = new AddedTokens(vocab, where);

  // transformers' order of authority: tokenizer_config.json's added_tokens_decoder (ids and flags as saved), then
  // the special tokens, then added_tokens.json (the legacy list: non-special, matched after normalizing).
  const decoder = config['added_tokens_decoder'];
  if (decoder !== undefined) {
    for (const [id, entry] of Object.entries(objectOf(decoder, 'tokenizer_config.json added_tokens_decoder', where))) {
      added.add(tokenFrom(entry, Number(id), false, 'tokenizer_config.json added_tokens_decoder', where));
    }
  }
  const legacy = files.addedTokens === undefined ? {} : objectOf(parseJson(files.addedTokens, 'added_tokens.json', where), 'added_tokens.json', where);
  const specials = {} as Record<SpecialRole, string>;
  for (const role of Object.keys(CLIP_SPECIALS) as SpecialRole[]) {
    const value = map[role] ?? config[role] ?? CLIP_SPECIALS[role];
    const what = `${role} in tokenizer/${map[role] === undefined ? 'tokenizer_config.json' : 'special_tokens_map.json'}`;
    const content = typeof value === 'string' ? value : tokenFrom(value, 0, true, what, where).content;
    specials[role] = content;
    const id = vocab[content] ?? legacy[content];
    if (typeof id !== 'number') throw where.corrupt(`its ${role} ${JSON.stringify(content)} is in neither tokenizer/vocab.json nor tokenizer/added_tokens.json`);
    added.add(typeof value === 'string' ? plainToken(content, id, true) : tokenFrom(value, id, true, what, where));
  }
  for (const [content, id] of Object.entries(legacy)) {
    if (!Number.isSafeInteger(id) || (id as number) < 0) throw where.corrupt(`tokenizer/added_tokens.json gives ${JSON.stringify(content)} the id ${JSON.stringify(id)}`);
    added.add(plainToken(content, id as number, false));
  }

  const idOf = (content: string): [string, number] => [content, added.idOf(content)];
  return clipTokenizerJson({ vocab, merges, addedTokens: added.list(), bos: idOf(specials.bos_token), eos: idOf(specials.eos_token), unkToken: specials.unk_token });
}

/** Messages naming the repo. */
class Where {
  constructor(readonly label: string) {}

  corrupt(what: string, cause?: unknown): EngineError {
    return new EngineError('corrupt-bundle', `The tokenizer of ${this.label} is not a CLIP tokenizer this engine can read: ${what}. Re-download the model or check the repo's tokenizer/ folder.`, { cause });
  }
}

function parseJson(text: string, file: string, where: Where): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw where.corrupt(`tokenizer/${file} is not valid JSON`, cause);
  }
}

function objectOf(value: unknown, what: string, where: Where): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw where.corrupt(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function parseVocab(text: string, where: Where): Record<string, number> {
  const vocab = objectOf(parseJson(text, 'vocab.json', where), 'tokenizer/vocab.json', where);
  const entries = Object.entries(vocab);
  if (entries.length === 0) throw where.corrupt('tokenizer/vocab.json is empty');
  for (const [token, id] of entries) {
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
      throw where.corrupt(`tokenizer/vocab.json maps ${JSON.stringify(token)} to ${JSON.stringify(id)}, not to a token id`);
    }
  }
  return vocab as Record<string, number>;
}

/**
 * merges.txt: one `left right` pair per line in rank order, after an optional `#version: 0.2` header (skipped as
 * the tokenizers library skips it). Every pair and its merge must be in the vocabulary, as the library checks
 * when it builds the model. (transformers 4's slow reader also keeps only the first 48,894 merges, CLIP's count;
 * published CLIP files have exactly that many, so no cut is made here.)
 */
function parseMerges(text: string, vocab: Record<string, number>, where: Where): Array<[string, string]> {
  const merges: Array<[string, string]> = [];
  const lines = text.replace(/\s+$/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.startsWith('#version')) return;
    const pair = line.split(' ');
    if (pair.length !== 2 || pair[0] === '' || pair[1] === '') {
      throw where.corrupt(`line ${i + 1} of tokenizer/merges.txt is ${JSON.stringify(line.slice(0, 40))}, not two tokens separated by one space`);
    }
    const [left, right] = pair as [string, string];
    for (const token of [left, right, left + right]) {
      if (!(token in vocab)) {
        throw where.corrupt(`line ${i + 1} of tokenizer/merges.txt needs ${JSON.stringify(token)}, which tokenizer/vocab.json does not have (the two files do not belong together)`);
      }
    }
    merges.push([left, right]);
  });
  if (merges.length === 0) throw where.corrupt('tokenizer/merges.txt has no merges');
  return merges;
}

/** A token as transformers writes an AddedToken dict (`{content, lstrip, normalized, rstrip, single_word[, special]}`). */
function tokenFrom(value: unknown, id: number, special: boolean, what: string, where: Where): AddedToken {
  const entry = objectOf(value, what, where);
  if (typeof entry['content'] !== 'string' || entry['content'] === '') throw where.corrupt(`${what} has an entry without content`);
  if (!Number.isSafeInteger(id) || id < 0) throw where.corrupt(`${what} has the id ${JSON.stringify(id)}`);
  const flag = (name: string, fallback: boolean) => (typeof entry[name] === 'boolean' ? (entry[name] as boolean) : fallback);
  return {
    id,
    content: entry['content'],
    single_word: flag('single_word', false),
    lstrip: flag('lstrip', false),
    rstrip: flag('rstrip', false),
    normalized: flag('normalized', true),
    special: flag('special', special),
  };
}

/** transformers' defaults for a token given only by name: matched after normalizing. */
function plainToken(content: string, id: number, special: boolean): AddedToken {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special };
}

/**
 * Added tokens by content; the first source to name a token wins. A token's id must be its vocabulary id when it
 * has one, and no other token's: a clash means the files were edited apart from each other.
 */
class AddedTokens {
  private readonly byContent = new Map<string, AddedToken>();
  private readonly byId: Map<number, string>;

  constructor(
    private readonly vocab: Record<string, number>,
    private readonly where: Where,
  ) {
    this.byId = new Map(Object.entries(vocab).map(([token, id]) => [id, token]));
  }

  add(token: AddedToken): void {
    if (this.byContent.has(token.content)) return;
    const inVocab = this.vocab[token.content];
    const holder = this.byId.get(token.id);
    if (inVocab !== undefined && inVocab !== token.id) {
      throw this.where.corrupt(`the added token ${JSON.stringify(token.content)} has the id ${token.id}, but tokenizer/vocab.json gives it ${inVocab}`);
    }
    if (holder !== undefined && holder !== token.content) {
      throw this.where.corrupt(`the added token ${JSON.stringify(token.content)} has the id ${token.id}, which ${JSON.stringify(holder)} has too`);
    }
    this.byContent.set(token.content, token);
    this.byId.set(token.id, token.content);
  }

  idOf(content: string): number {
    return this.byContent.get(content)!.id;
  }

  list(): AddedToken[] {
    return [...this.byContent.values()];
  }
}
