import { TASKS, type Task } from '../../models/engine/types.js';
import { TASK_LABELS } from '../../plugin/protocol/task-labels.js';

export function TaskPicker({ task, disabled, onChange }: { task: Task; disabled: boolean; onChange: (task: Task) => void }) {
  return (
    <label class="field">
      <span class="secondary">Task</span>
      <select
        data-testid="task"
        value={task}
        disabled={disabled}
        onChange={(event) => onChange(event.currentTarget.value as Task)}
      >
        {TASKS.map((option) => (
          <option key={option} value={option}>
            {TASK_LABELS[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
