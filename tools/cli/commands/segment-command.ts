import { writeFile } from 'node:fs/promises';
import type { BundleSource } from '../../../models/bundle/bundle-source.js';
import { openDirectoryCache } from '../../../models/bundle/cache-directory.node.js';
import { bundleFromDirectory } from '../../../models/bundle/directory-source.node.js';
import { hubEndpointFromEnv } from '../../../models/hub/hub-endpoint.node.js';
import type { SamPrompt } from '../../../models/segment/sam-prompt.js';
import { SamSegmenter } from '../../../models/segment/sam-segmenter.js';
import { DEFAULT_SELECT_MODEL, loadHubSamModel } from '../../../models/segment/sam-source.js';
import type { CliIo } from '../cli-io.js';
import { InputError, UsageError } from '../errors.js';
import { EXIT } from '../exit-codes.js';
import { flagHelp } from '../flags/flag-help.js';
import { parseFlags } from '../flags/parse-flags.js';
import { encodeMaskPng } from '../image/png-codec.js';
import { cacheLocation } from '../model/cache-location.js';
import { modelRef } from '../model/model-ref.js';
import { describeDownload } from '../progress/describe-progress.js';
import { StatusLine } from '../progress/status-line.js';
import { helpHint, PROGRAM } from '../program.js';
import { readInputs } from '../run/read-inputs.js';
import { parseBox, parsePoint, SEGMENT_FLAGS } from './segment-flags.js';

export const SEGMENT_USAGE = `usage: ${PROGRAM} segment [--model M] --image in.png [--point x,y[,1|0]]… [--box x0,y0,x1,y1] --out mask.png

Selects an object the way the plugin window's Select tool does, with a segment-anything model: clicks
(--point) and a box (--box) in picture pixels, the mask at the picture's full size. The model runs on
onnxruntime-web's wasm backend, as the window does on a CPU, so the mask is the window's.

${flagHelp(SEGMENT_FLAGS)}

Exit codes: 0 written; 1 failed; 2 bad arguments.
`;

/** `segment`: check the prompt, read the picture, load the model, write the mask. */
export async function segmentCommand(args: readonly string[], io: CliIo): Promise<number> {
  if (args.includes('--help')) {
    io.stdout.write(SEGMENT_USAGE);
    return EXIT.ok;
  }
  const flags = parseFlags(args, SEGMENT_FLAGS, helpHint('segment'));
  if (flags.image === undefined) throw new UsageError(`Say which picture with --image in.png. ${helpHint('segment')}`);
  if (flags.out === undefined) throw new UsageError(`Say where the mask goes with --out mask.png. ${helpHint('segment')}`);
  const prompt: SamPrompt = { points: (flags.point ?? []).map(parsePoint), ...(flags.box !== undefined && { box: parseBox(flags.box) }) };
  if (prompt.points.length === 0 && !prompt.box) throw new UsageError(`Say what to select with --point x,y or --box x0,y0,x1,y1. ${helpHint('segment')}`);
  const { image } = await readInputs(flags.image, undefined);
  const outside = [...prompt.points, ...(prompt.box ? [{ x: prompt.box.x0, y: prompt.box.y0 }, { x: prompt.box.x1, y: prompt.box.y1 }] : [])].find(
    (p) => p.x < 0 || p.y < 0 || p.x > image.width || p.y > image.height,
  );
  if (outside) throw new InputError(`${outside.x},${outside.y} lies outside the picture ${flags.image} (${image.width}x${image.height}); give picture pixels.`);

  const status = new StatusLine(io.stderr, () => performance.now());
  try {
    const source = await openSamSource(flags.model ?? `hf:${DEFAULT_SELECT_MODEL}`, cacheLocation(flags['cache-dir'], io.env), io, status);
    const segmenter = await SamSegmenter.load(source, { backend: 'wasm' });
    try {
      status.print(`model: ${segmenter.label} (${segmenter.takesBoxes ? 'points and boxes' : 'points'})`);
      const { mask, iouScores, choice } = await segmenter.segment(image, prompt);
      await writeFile(flags.out, encodeMaskPng(mask));
      status.print(`mask ${choice + 1} of ${iouScores.length} (predicted IoU ${iouScores[choice]!.toFixed(3)})`);
      io.stdout.write(`${flags.out}\n`);
      return EXIT.ok;
    } finally {
      await segmenter.release();
    }
  } finally {
    status.end();
  }
}

async function openSamSource(model: string, cacheDir: string, io: CliIo, status: StatusLine): Promise<BundleSource> {
  const endpoint = hubEndpointFromEnv(io.env);
  const ref = modelRef(model, { endpoint });
  if (ref.kind === 'folder') return bundleFromDirectory(ref.dir);
  if (ref.kind !== 'hub') throw new UsageError(`--model ${model}: segment takes a Hub repo or a folder. ${helpHint('segment')}`);
  const loaded = await loadHubSamModel({
    ref: ref.ref,
    endpoint,
    token: io.env.HF_TOKEN || undefined,
    cache: await openDirectoryCache(cacheDir),
    ...(io.signal && { signal: io.signal }),
    onProgress: (p) => {
      const text = describeDownload(p);
      if (text) status.show(text, p.phase !== 'downloading');
    },
  });
  return loaded.source;
}
