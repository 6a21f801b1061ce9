import { EngineError } from '../../models/engine/errors.js';

/** A problem in plain words and what to do next. */
export interface Explanation {
  /** One short sentence: what went wrong. */
  title: string;
  /** What to do now. */
  action: string;
  /** A key tests and styles can use. */
  kind:
    | 'no-webgpu'
    | 'out-of-memory'
    | 'failed-check'
    | 'prompt-cut'
    | 'prompt-plain-text'
    | 'empty-mask'
    | 'needs-model'
    | 'bundle'
    | 'size'
    | 'network'
    | 'other';
}

const OUT_OF_MEMORY = /out of memory|outofmemory|\bOOM\b|failed to allocate|allocation failed|device (was )?lost|memory access out of bounds|Aborted\(\)/i;

/** Turns a failed run or model load (`during`) into what the error banner says. */
export function explainError(error: unknown, during: 'run' | 'load' = 'run'): Explanation {
  const message = error instanceof Error ? error.message : String(error);
  if (OUT_OF_MEMORY.test(message)) {
    return {
      kind: 'out-of-memory',
      title: 'The GPU ran out of memory.',
      action: 'Close other GPU-heavy tabs or apps, choose Fast with 1 variation, and run again; or switch the runtime to CPU (wasm).',
    };
  }
  if (error instanceof EngineError) {
    switch (error.code) {
      case 'empty-mask':
        return { kind: 'empty-mask', title: 'Nothing is painted yet.', action: 'Paint over the area to change (or use the shapes drawn in Figma), then run again.' };
      case 'unknown-task':
        return { kind: 'needs-model', title: 'This task needs the PowerPaint model.', action: 'Open the Model panel and install a model; instant remove only removes.' };
      case 'corrupt-bundle':
        if (/sha-?256|check|hash|verif|damaged|incomplete/i.test(message)) {
          // The message names the file; a file that fails its check is never kept, so loading again fetches it anew.
          return { kind: 'failed-check', title: 'A model file failed its check (it is damaged or incomplete).', action: `${message} Load the model again from the Model panel: the damaged file is downloaded again.` };
        }
        return { kind: 'bundle', title: 'The model bundle is broken.', action: `${message} Then load it again from the Model panel.` };
      case 'missing-file':
        if (/Hugging Face|\bHub\b|\brepo\b|gated|private/i.test(message)) return { kind: 'network', title: 'The Hugging Face repo could not be loaded.', action: message };
        return /reach|connection/i.test(message)
          ? { kind: 'network', title: 'The model could not be downloaded.', action: `${message}` }
          : { kind: 'bundle', title: 'The model bundle is incomplete.', action: message };
      case 'bundle-mismatch':
        return { kind: 'bundle', title: 'This model cannot be used by PowerPaint.', action: message };
      case 'does-not-fit':
        return { kind: 'no-webgpu', title: 'This model cannot run in this window.', action: message };
      case 'unsupported-size':
        return { kind: 'size', title: 'The image is too large to process.', action: message };
      case 'server':
        return { kind: 'network', title: 'The inference server did not run the model.', action: message };
      case 'non-finite':
        return {
          kind: 'other',
          title: 'The model produced invalid numbers (NaN) on this GPU.',
          action: 'Run again on the CPU (wasm) from the Model panel, or use an fp32 bundle.',
        };
      default:
        return { kind: 'other', title: during === 'load' ? 'The model could not be loaded.' : 'The run failed.', action: message };
    }
  }
  if (/WebGPU was requested/i.test(message)) return noWebGpu();
  return { kind: 'other', title: 'Something went wrong.', action: `${message} Try again; if it keeps happening, reload the plugin.` };
}

/** Not an error but a fact the person should know before a long wait. */
export function noWebGpu(reason?: string): Explanation {
  return {
    kind: 'no-webgpu',
    title: `No WebGPU here${reason ? ` (${reason})` : ''}: the model runs on the CPU, many times slower.`,
    action: 'Use Fast and one variation, or run Figma desktop with a recent GPU driver; instant remove stays quick.',
  };
}

/** The engine's prompt warnings (cut at 77 tokens, read as plain text), and others, in the banner's words. */
export function explainWarning(warning: string): Explanation {
  if (/77-token|77 tokens/i.test(warning)) {
    return { kind: 'prompt-cut', title: 'The prompt was cut at 77 tokens.', action: 'Shorten it so every word counts; the result used the first part only.' };
  }
  if (/read as plain text/i.test(warning)) {
    // The warning names what was read as plain text (models/text/task-conditioning.ts); it is the title.
    return { kind: 'prompt-plain-text', title: warning, action: 'The task you picked decides what PowerPaint does; words in a prompt cannot change it.' };
  }
  if (/^No prompt:/.test(warning)) return { kind: 'other', title: 'There was no prompt.', action: warning.replace(/^No prompt: /, '') };
  return { kind: 'other', title: warning, action: '' };
}
