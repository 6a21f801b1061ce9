/** Where the window is in a run; `state` is also exposed as data-state for tests to wait on. */
export type Status =
  | { state: 'idle' }
  | { state: 'exporting'; sourceName: string }
  | { state: 'running'; detail: string }
  | { state: 'placing' }
  | { state: 'done'; layerName: string }
  | { state: 'cancelled' }
  | { state: 'error'; message: string };

export function isBusy(status: Status): boolean {
  return status.state === 'exporting' || status.state === 'running' || status.state === 'placing';
}

export function statusText(status: Status): string {
  switch (status.state) {
    case 'idle':
      return '';
    case 'exporting':
      return `Reading “${status.sourceName}” from Figma…`;
    case 'running':
      return status.detail;
    case 'placing':
      return 'Placing the result in Figma…';
    case 'done':
      return `Added “${status.layerName}” above the source.`;
    case 'cancelled':
      return 'Cancelled. Nothing was added.';
    case 'error':
      return status.message;
  }
}
