import { readJson, type BundleSource } from '../bundle/bundle-source.js';

/** A repo's tokenizer as tokenizer.json, from tokenizer.json itself. */
export async function readRepoTokenizer(source: BundleSource): Promise<unknown> {
  return readJson(source, 'tokenizer/tokenizer.json');
}
