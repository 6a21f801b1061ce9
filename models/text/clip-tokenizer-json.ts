/**
 * CLIP's fast-tokenizer `tokenizer.json`, built from its parts: the object transformers' CLIPTokenizerFast
 * converts from a slow tokenizer's files (transformers 4.57 `CLIPConverter` + tokenizers 0.22 serialization;
 * test/fixtures/hub-golden/transformers4 holds two it wrote), which `new Tokenizer(json, {})` from
 * `@huggingface/tokenizers` reads.
 *
 * openai/clip-vit-large-patch14's published tokenizer.json differs in three places that change no id: its Split
 * pattern also lists the two special tokens (they are matched as added tokens before pre-tokenizing anyway), its
 * ByteLevel step has `use_regex: false` (GPT-2's regex splits none of the pieces CLIP's Split leaves: letter runs,
 * single digits, contractions, runs of other non-space characters), and its EOS is `normalized: false` (no
 * normalizer step changes `<|endoftext|>`).
 */

export interface AddedToken {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  /** Matched in the normalized (lowercased) text: `P_OBJ_0` finds `P_obj_0`. */
  normalized: boolean;
  special: boolean;
}

export interface ClipTokenizerParts {
  /** vocab.json: token -> id (BPE pieces with `</w>` on word ends, and the special tokens). */
  vocab: Record<string, number>;
  /** merges.txt's pairs, in rank order. */
  merges: Array<[string, string]>;
  /** Special and added tokens, any order. */
  addedTokens: AddedToken[];
  /** [content, id] of the tokens CLIP's template puts around the text. */
  bos: [string, number];
  eos: [string, number];
  unkToken: string;
}

/** CLIP's pre-tokenizer pattern (transformers' CLIPConverter; `\p{L}` letters, `\p{N}` digits one at a time). */
export const CLIP_SPLIT_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

export function clipTokenizerJson(parts: ClipTokenizerParts) {
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    // Key order as the Rust library serializes AddedToken.
    added_tokens: [...parts.addedTokens]
      .sort((a, b) => a.id - b.id)
      .map((t) => ({ id: t.id, content: t.content, single_word: t.single_word, lstrip: t.lstrip, rstrip: t.rstrip, normalized: t.normalized, special: t.special })),
    normalizer: {
      type: 'Sequence',
      normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }],
    },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [{ type: 'Split', pattern: { Regex: CLIP_SPLIT_PATTERN }, behavior: 'Removed', invert: true }, byteLevel],
    },
    // CLIP's "template": BOS text EOS (RobertaProcessing is how transformers spells it).
    post_processor: {
      type: 'RobertaProcessing',
      sep: parts.eos,
      cls: parts.bos,
      trim_offsets: false,
      add_prefix_space: false,
    },
    decoder: { ...byteLevel, add_prefix_space: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: parts.unkToken,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: parts.vocab,
      merges: parts.merges,
    },
  };
}

export type ClipTokenizerJson = ReturnType<typeof clipTokenizerJson>;
