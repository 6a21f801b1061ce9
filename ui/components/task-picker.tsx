import { TASKS, type Task } from '../../models/engine/types.js';
import { TASK_LABELS } from '../../plugin/protocol/task-labels.js';

/** One line each, in the person's words. */
export const TASK_EXPLANATIONS: Readonly<Record<Task, string>> = {
  remove: 'Paint over something; it is replaced by what should be behind it.',
  object: 'Paint an area and describe an object; it appears there.',
  shape: 'Draw a shape; the object you describe fills it.',
  outpaint: 'Extend the image out to its frame, a ratio or a margin.',
};

/** The four jobs as radio buttons; tasks the current engine can't do say what they need. */
export function TaskPicker({
  task,
  disabled,
  available,
  onChange,
}: {
  task: Task;
  disabled: boolean;
  available: readonly Task[];
  onChange: (task: Task) => void;
}) {
  return (
    <fieldset class="task-picker" data-testid="task-picker" disabled={disabled}>
      <legend class="section-title">Task</legend>
      {TASKS.map((option) => (
        <label key={option} class={option === task ? 'task-option selected' : 'task-option'} data-task={option}>
          <input
            type="radio"
            name="task"
            value={option}
            checked={option === task}
            data-testid={`task-${option}`}
            onChange={() => onChange(option)}
          />
          <span class="task-text">
            <span class="task-name">
              {TASK_LABELS[option]}
              {!available.includes(option) && <span class="badge">needs model</span>}
            </span>
            <span class="secondary">{TASK_EXPLANATIONS[option]}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
