import { useEffect, useState } from 'preact/hooks';

/** `value`, once it has stayed the same for `ms` (e.g. the mask between strokes, not during one). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
