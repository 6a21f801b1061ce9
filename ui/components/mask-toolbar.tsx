import type { BrushMode, MaskEditor } from '../state/use-mask-editor.js';

const MODES: readonly { mode: BrushMode; label: string; title: string }[] = [
  { mode: 'paint', label: 'Paint', title: 'Paint (X toggles)' },
  { mode: 'erase', label: 'Erase', title: 'Erase (X toggles)' },
  { mode: 'select', label: 'Select', title: 'Select: click an object to add it, Alt-click to take a part away, drag a box around it' },
];

/** Paint/erase/select, size, undo/redo and the whole-mask tools, each with its shortcut in the tooltip. */
export function MaskToolbar({
  editor,
  disabled,
  shapeCount,
  onUseShapes,
}: {
  editor: MaskEditor;
  disabled: boolean;
  /** Mask layers found in Figma for this source. */
  shapeCount: number;
  onUseShapes: () => void;
}) {
  return (
    <div class="mask-toolbar" role="toolbar" aria-label="Mask tools" data-testid="mask-toolbar">
      <div class="segmented" role="radiogroup" aria-label="Brush">
        {MODES.map(({ mode, label, title }) => (
          <button
            key={mode}
            type="button"
            role="radio"
            aria-checked={editor.mode === mode}
            data-testid={`brush-${mode}`}
            title={title}
            disabled={disabled}
            onClick={() => editor.setMode(mode)}
          >
            {label}
          </button>
        ))}
      </div>
      <label class="brush-size" title="Brush size ([ and ])">
        <span>Size</span>
        <input
          type="range"
          data-testid="brush-size"
          min={1}
          max={Math.max(8, editor.mask ? Math.round(Math.max(editor.mask.width, editor.mask.height) / 2) : 200)}
          value={editor.size}
          disabled={disabled}
          aria-valuetext={`${editor.size} pixels`}
          onInput={(event) => editor.setSize(Number(event.currentTarget.value))}
        />
        <output data-testid="brush-size-value">{editor.size} px</output>
      </label>
      <div class="tool-row">
        <button type="button" class="icon-button" data-testid="mask-undo" title="Undo (⌘Z / Ctrl+Z)" disabled={disabled || !editor.canUndo} onClick={editor.undo}>
          Undo
        </button>
        <button type="button" class="icon-button" data-testid="mask-redo" title="Redo (⇧⌘Z / Ctrl+Y)" disabled={disabled || !editor.canRedo} onClick={editor.redo}>
          Redo
        </button>
        <button type="button" class="icon-button" data-testid="mask-clear" disabled={disabled} onClick={() => editor.apply('clear')}>
          Clear
        </button>
        <button type="button" class="icon-button" data-testid="mask-invert" disabled={disabled} onClick={() => editor.apply('invert')}>
          Invert
        </button>
        <button type="button" class="icon-button" data-testid="mask-grow" title="Grow the mask's edge" disabled={disabled} onClick={() => editor.apply('grow')}>
          Grow
        </button>
        <button type="button" class="icon-button" data-testid="mask-shrink" title="Shrink the mask's edge" disabled={disabled} onClick={() => editor.apply('shrink')}>
          Shrink
        </button>
        <button
          type="button"
          class="icon-button"
          data-testid="mask-use-shapes"
          title="Add the shapes drawn over the layer in Figma to the mask"
          disabled={disabled || shapeCount === 0}
          onClick={onUseShapes}
        >
          Use Figma shapes{shapeCount > 0 ? ` (${shapeCount})` : ''}
        </button>
      </div>
    </div>
  );
}
