"use client";
// The submit / pending / error state every panel that calls the API needs, in one place: the error
// shown is the API's own message (see `api()`), cleared when the next attempt starts.
import { useCallback, useState } from "react";

export function useApiAction() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  /**
   * Runs `action`; true when it succeeded, false when it threw (its message is then `error`). A panel
   * that navigates away on success passes `onSuccess`: it gets the action's result and the panel stays
   * pending, so its button cannot be pressed twice while the next page loads.
   */
  const run = useCallback(async <T>(action: () => Promise<T>, onSuccess?: (result: T) => void): Promise<boolean> => {
    setError(null);
    setPending(true);
    let result: T;
    try {
      result = await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setPending(false);
      return false;
    }
    if (onSuccess) onSuccess(result);
    else setPending(false);
    return true;
  }, []);

  return { error, setError, pending, run };
}
