/**
 * A tiny `tokenizer.json` with the structure of CLIP's fast tokenizer (models/text/clip-tokenizer-json.ts),
 * over a vocabulary of a few hundred merges learned here from a fixed word list, plus PowerPaint's task
 * sub-tokens as added tokens.
 */
import { clipTokenizerJson, type AddedToken } from '../../models/text/clip-tokenizer-json.js';

export const BOS_TOKEN = '<|startoftext|>';
export const EOS_TOKEN = '<|endoftext|>';
export const TASK_TOKEN_NAMES = ['P_obj', 'P_ctxt', 'P_shape'] as const;
export const TASK_SUB_TOKENS = 10;

/** Words that become single tokens: the prompts the engine writes, plus common subjects. */
const WORDS = `a an the of on in and with at is photo cat dog red blue green white black yellow chair table
empty scene blur worst quality low normal bad blurry vase flowers flower sofa room garden tree sky car house
person man woman window lamp cup book apple bird high best detailed background wall floor wooden small big cute
hat sitting standing beautiful landscape mountain sea beach sun cloud clouds grass road street city light dark
old new glass bottle plant pot bed pillow painting picture image art masterpiece realistic text watermark ugly
deformed remove object shape fill`.split(/\s+/);

/** GPT-2/CLIP's reversible byte -> printable char table, in CLIP's vocabulary order. */
function bytesToUnicode(): Array<[byte: number, char: string]> {
  const bytes: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bytes.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bytes.push(b);
  for (let b = 0xae; b <= 0xff; b++) bytes.push(b);
  const chars = bytes.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bytes.includes(b)) {
      bytes.push(b);
      chars.push(256 + n++);
    }
  }
  return bytes.map((b, i) => [b, String.fromCharCode(chars[i]!)]);
}

/**
 * Classic BPE training on `words` (each weighted 1), CLIP-style: a word's last symbol carries `</w>`.
 * Ties break on the pair's text, so the merges are the same on every run.
 */
function learnMerges(words: readonly string[]): Array<[string, string]> {
  const corpus = words.map((w) => {
    const chars = [...w];
    return chars.map((c, i) => (i === chars.length - 1 ? `${c}</w>` : c));
  });
  const merges: Array<[string, string]> = [];
  for (;;) {
    const counts = new Map<string, number>();
    for (const symbols of corpus) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]} ${symbols[i + 1]}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, count] of counts) {
      if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
        best = key;
        bestCount = count;
      }
    }
    if (best === undefined) return merges;
    const [left, right] = best.split(' ') as [string, string];
    merges.push([left, right]);
    for (const symbols of corpus) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === left && symbols[i + 1] === right) symbols.splice(i, 2, left + right);
      }
    }
  }
}

export function taskSubTokens(): Record<(typeof TASK_TOKEN_NAMES)[number], string[]> {
  const tokens = (name: string) => Array.from({ length: TASK_SUB_TOKENS }, (_, i) => `${name}_${i}`);
  return { P_obj: tokens('P_obj'), P_ctxt: tokens('P_ctxt'), P_shape: tokens('P_shape') };
}

export interface TinyTokenizer {
  /** The tokenizer.json object. */
  json: ReturnType<typeof clipTokenizerJson>;
  /** Rows the text encoder's embedding table needs: every id, added tokens included. */
  vocabSize: number;
  bosId: number;
  eosId: number;
}

function addedToken(id: number, content: string, special: boolean, normalized: boolean): AddedToken {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized, special };
}

export function buildTinyTokenizer(withTaskTokens: boolean): TinyTokenizer {
  const byteChars = bytesToUnicode().map(([, c]) => c);
  const merges = learnMerges(WORDS);
  // CLIP's vocabulary order: byte chars, byte chars + </w>, one entry per merge, then BOS and EOS.
  const entries = [...byteChars, ...byteChars.map((c) => `${c}</w>`), ...merges.map(([a, b]) => a + b)];
  const vocab: Record<string, number> = {};
  for (const entry of entries) if (!(entry in vocab)) vocab[entry] = Object.keys(vocab).length;
  const bosId = Object.keys(vocab).length;
  const eosId = bosId + 1;
  vocab[BOS_TOKEN] = bosId;
  vocab[EOS_TOKEN] = eosId;

  // As openai/clip-vit-large-patch14 writes them: BOS normalized, EOS not.
  const added = [addedToken(bosId, BOS_TOKEN, true, true), addedToken(eosId, EOS_TOKEN, true, false)];
  if (withTaskTokens) {
    // transformers' `tokenizer.add_tokens([...])` appends non-special tokens with normalized: true.
    let id = eosId + 1;
    for (const tokens of Object.values(taskSubTokens())) for (const t of tokens) added.push(addedToken(id++, t, false, true));
  }

  const json = clipTokenizerJson({ vocab, merges, addedTokens: added, bos: [BOS_TOKEN, bosId], eos: [EOS_TOKEN, eosId], unkToken: EOS_TOKEN });
  return { json, vocabSize: added[added.length - 1]!.id + 1, bosId, eosId };
}

/** What CLIP's tokenizer_config.json says, for `new Tokenizer(json, config)` (not a bundle file). */
export const CLIP_TOKENIZER_CONFIG = {
  add_prefix_space: false,
  bos_token: BOS_TOKEN,
  clean_up_tokenization_spaces: true,
  do_lower_case: true,
  eos_token: EOS_TOKEN,
  errors: 'replace',
  model_max_length: 77,
  pad_token: EOS_TOKEN,
  tokenizer_class: 'CLIPTokenizer',
  unk_token: EOS_TOKEN,
} as const;

/** The training words, exported so tests can check each encodes to one token. */
export const TOKENIZER_WORDS: readonly string[] = WORDS;
