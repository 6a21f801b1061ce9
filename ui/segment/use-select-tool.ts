import { useRef, useState } from 'preact/hooks';
import type { MaskImage, RgbaImage } from '../../models/engine/types.js';
import type { SamBox, SamPoint, SamPrompt } from '../../models/segment/sam-prompt.js';
import { explainError, type Explanation } from '../errors/explain-error.js';
import { copyMask } from '../mask/mask-image.js';
import type { MaskEditor } from '../state/use-mask-editor.js';
import type { SelectModel } from './use-select-model.js';

const NO_PROMPT: SamPrompt = { points: [] };

export type SelectActivity = { state: 'idle' } | { state: 'working'; what: string } | { state: 'error'; explanation: Explanation };

export interface SelectTool {
  /** The clicks and the box of the object being selected, for the canvas to mark. */
  prompt: SamPrompt;
  activity: SelectActivity;
  click(at: { x: number; y: number }, positive: boolean): void;
  box(box: SamBox): void;
}

/**
 * Click to select, on the mask editor: each click (Alt: a negative point) or drawn box refines one object's
 * prompt, and the model's mask for it is added to the mask as it was before that object was begun, one undo
 * step a click. Any other edit (a stroke, grow, undo, Figma shapes) ends the object: the next click starts
 * another on top of the mask as it then is, so selections, strokes and shapes merge.
 */
export function useSelectTool(editor: MaskEditor, image: RgbaImage | null, model: SelectModel): SelectTool {
  const [activity, setActivity] = useState<SelectActivity>({ state: 'idle' });
  const session = useRef<{ image: RgbaImage; base: MaskImage; prompt: SamPrompt; version: number } | null>(null);
  const latest = useRef(editor);
  latest.current = editor;
  const runId = useRef(0);

  const run = (change: (prompt: SamPrompt) => SamPrompt) => {
    const status = model.status;
    const mask = editor.mask;
    if (status.state !== 'ready' || image === null || mask === null) return;
    // The object goes on while the layer and its mask are as this tool left them; otherwise a new one begins.
    const current = continues(session.current, image, editor.version) ? session.current! : { image, base: copyMask(mask), prompt: NO_PROMPT, version: editor.version };
    const next = change(current.prompt);
    session.current = { ...current, prompt: next };
    const id = ++runId.current;
    const startedAt = editor.version;
    setActivity({ state: 'working', what: 'Selecting… (the first click on a layer also reads the picture, once)' });
    void status.segmenter.segment(image, next).then(
      ({ mask: selected }) => {
        // A newer click answers for itself.
        if (id !== runId.current) return;
        setActivity({ state: 'idle' });
        const now = latest.current;
        // An edit meanwhile: this answer is for a mask that is gone.
        if (now.version !== startedAt) return;
        // A change bumps the version once: the object continues from there.
        const version = now.addSelection(current.base, selected) ? startedAt + 1 : startedAt;
        session.current = { ...current, prompt: next, version };
      },
      (error: unknown) => {
        if (id !== runId.current) return;
        const explanation = explainError(error);
        setActivity({ state: 'error', explanation: explanation.kind === 'other' ? { ...explanation, title: 'Nothing was selected.' } : explanation });
      },
    );
  };

  const live = continues(session.current, image, editor.version) || (session.current?.image === image && activity.state === 'working');
  return {
    prompt: live ? session.current!.prompt : NO_PROMPT,
    activity,
    click: (at, positive) => run((p) => ({ ...p, points: [...p.points, { x: at.x, y: at.y, positive } satisfies SamPoint] })),
    box: (box) => run((p) => ({ ...p, box })),
  };
}

function continues(session: { image: RgbaImage; version: number } | null, image: RgbaImage | null, version: number): boolean {
  return session !== null && session.image === image && session.version === version;
}
