import { readJson, sourceHas, type BundleSource } from '../bundle/bundle-source.js';
import { readTokenizerFiles, tokenizerJsonFromFiles } from '../text/tokenizer-json-from-files.js';

/**
 * A repo's tokenizer as tokenizer.json: the file itself where the repo has one, else built from the
 * vocab.json + merges.txt (+ added tokens) that SD repos of 2022-24 ship instead.
 */
export async function readRepoTokenizer(source: BundleSource): Promise<unknown> {
  if (await sourceHas(source, 'tokenizer/tokenizer.json')) return readJson(source, 'tokenizer/tokenizer.json');
  const files = await readTokenizerFiles(async (name) => ((await sourceHas(source, `tokenizer/${name}`)) ? source.read(`tokenizer/${name}`) : undefined));
  return tokenizerJsonFromFiles(files, source.label);
}
