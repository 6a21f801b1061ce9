import { LCM_LORA } from '../../models/engine/speed-presets.js';
import type { LoraStatus } from '../state/use-model.js';

/**
 * Under the speed presets while Fast is chosen with a model loaded: what Fast runs, and, without LCM-LoRA, that
 * fusing it would make Fast faster (a button where the model can take it: a diffusers repo from the Hub).
 */
export function LcmLoraNote({ lora, loading, onLoad }: { lora: LoraStatus; loading: boolean; onLoad: () => void }) {
  if (lora.state === 'fused') {
    return (
      <p class="hint" data-testid="lcm-lora-note" data-state="fused">
        LCM-LoRA is fused: Fast runs {LCM_LORA.steps} LCM steps at guidance {LCM_LORA.guidance}, one UNet batch a step.
      </p>
    );
  }
  const faster = `LCM-LoRA would make Fast faster: ${LCM_LORA.steps} steps of one UNet batch each, where each of DDIM's runs two (the prompt and the negative prompt).`;
  if (lora.state === 'unavailable') {
    return (
      <p class="hint" data-testid="lcm-lora-note" data-state="unavailable">
        {faster} It fuses into PowerPaint loaded from Hugging Face (a diffusers repo), not into an ONNX bundle.
      </p>
    );
  }
  return (
    <p class="hint" data-testid="lcm-lora-note" data-state="offered">
      {faster}
      {lora.modelAgain && ' This window keeps no files, so the model is downloaded again to fuse it.'}{' '}
      <button type="button" class="link-button" data-testid="load-lcm-lora" disabled={loading} title={`Downloads ${LCM_LORA.repo} once (cached like the model) and fuses it into the UNet`} onClick={onLoad}>
        Load LCM-LoRA
      </button>
    </p>
  );
}
