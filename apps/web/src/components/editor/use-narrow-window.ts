// Whether the window is narrower than 1280 px (Tailwind's `xl`), where the node palette floats over
// the canvas instead of taking a column beside it. Follows the window as it is resized.
import { useSyncExternalStore } from "react";

const NARROW = "(width < 80rem)";

const subscribe = (listener: () => void) => {
  const query = window.matchMedia(NARROW);
  query.addEventListener("change", listener);
  return () => query.removeEventListener("change", listener);
};

export function useNarrowWindow(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}
