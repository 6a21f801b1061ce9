import { describe, expect, it } from 'vitest';
import { parseRepoRef } from './repo-ref.js';

const main = (owner: string, name: string, revision = 'main') => ({ owner, name, revision });

describe('parseRepoRef', () => {
  it.each([
    ['stable-diffusion-v1-5/stable-diffusion-inpainting', main('stable-diffusion-v1-5', 'stable-diffusion-inpainting')],
    ['  Sanster/PowerPaint-V1-stable-diffusion-inpainting \n', main('Sanster', 'PowerPaint-V1-stable-diffusion-inpainting')],
    ['runwayml/stable-diffusion-inpainting@fp16', main('runwayml', 'stable-diffusion-inpainting', 'fp16')],
    ['acme/model.v1_2@refs/pr/3', main('acme', 'model.v1_2', 'refs/pr/3')],
    ['hf:acme/model', main('acme', 'model')],
    ['hf://acme/model@v2', main('acme', 'model', 'v2')],
    ['https://huggingface.co/acme/model', main('acme', 'model')],
    ['https://huggingface.co/acme/model/', main('acme', 'model')],
    ['https://hf.co/acme/model?library=diffusers#files', main('acme', 'model')],
    ['https://huggingface.co/acme/model/tree/fp16', main('acme', 'model', 'fp16')],
    ['https://huggingface.co/acme/model/tree/refs%2Fpr%2F3/unet', main('acme', 'model', 'refs/pr/3')],
    ['https://huggingface.co/acme/model/blob/main/unet/config.json', main('acme', 'model')],
    ['https://huggingface.co/acme/model/resolve/0123456789abcdef0123456789abcdef01234567/unet/config.json', main('acme', 'model', '0123456789abcdef0123456789abcdef01234567')],
    ['https://huggingface.co/acme/model/commit/0123456789abcdef0123456789abcdef01234567', main('acme', 'model', '0123456789abcdef0123456789abcdef01234567')],
    // Copied from the address bar without the scheme (before: "not a Hugging Face model id").
    ['huggingface.co/acme/model', main('acme', 'model')],
    ['hf.co/acme/model/tree/fp16', main('acme', 'model', 'fp16')],
  ])('%s', (text, expected) => {
    expect(parseRepoRef(text)).toEqual(expected);
  });

  it("takes links to a mirror's host when its endpoint is given", () => {
    expect(parseRepoRef('http://127.0.0.1:4567/acme/model/tree/v2', { endpoint: 'http://127.0.0.1:4567' })).toEqual(main('acme', 'model', 'v2'));
    expect(() => parseRepoRef('http://127.0.0.1:4567/acme/model')).toThrow(/127\.0\.0\.1:4567 is not the Hugging Face Hub/);
  });

  it.each([
    ['', /Paste a Hugging Face model as owner\/name/],
    ['   ', /Paste a Hugging Face model/],
    ['gpt2', /"gpt2" is not a Hugging Face model id: write owner\/name/],
    ['acme/model/unet', /not a Hugging Face model id/],
    ['acme/model@', /not a Hugging Face model id/],
    ['acme/model@a@b', /not a Hugging Face model id/],
    ['acme/-model', /not a Hugging Face model id/],
    ['acme/mo..del', /not a Hugging Face model id/],
    ['acme/mo del', /not a Hugging Face model id/],
    ['https://github.com/acme/model', /github\.com is not the Hugging Face Hub/],
    ['https://huggingface.co/datasets/acme/pictures', /a dataset, not a model/],
    ['https://huggingface.co/spaces/acme/demo', /a Space, not a model/],
    ['https://huggingface.co/acme/model/discussions/4', /a page of acme\/model \(\/discussions\/4\), not the model itself/],
    ['https://huggingface.co/acme/model/tree', /a page of acme\/model/],
    ['https://huggingface.co/acme', /not a Hugging Face model id/],
    ['https://huggingface.co/acme/%E0%A4%A', /not a valid link/],
  ])('refuses %j with a message that says what to paste', (text, message) => {
    expect(() => parseRepoRef(text)).toThrow(message);
    expect(() => parseRepoRef(text)).toThrow(expect.objectContaining({ code: 'bad-input' }));
  });
});
