/** A multi-line text field with its label; Cmd/Ctrl-Enter runs. */
export function PromptField({
  id,
  label,
  value,
  placeholder,
  hint,
  disabled,
  onInput,
  onSubmit,
}: {
  id: string;
  label: string;
  value: string;
  placeholder: string;
  hint?: string;
  disabled: boolean;
  onInput: (value: string) => void;
  onSubmit?: () => void;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        data-testid={id}
        rows={2}
        value={value}
        placeholder={placeholder}
        disabled={disabled}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onInput={(event) => onInput(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.metaKey || event.ctrlKey) && onSubmit) {
            event.preventDefault();
            onSubmit();
          }
        }}
      />
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
    </div>
  );
}
