"use client";
// The submit / pending / error state every panel that calls the API needs, in one place: the error
// shown is the API's own message (see `api()`), cleared when the next attempt starts.
import { useCallback, useState } from "react";

export function useApiAction() {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  /** Runs `action`; true when it succeeded, false when it threw (its message is then `error`). */
  const run = useCallback(async (action: () => Promise<unknown>): Promise<boolean> => {
    setError(null);
    setPending(true);
    try {
      await action();
      return true;
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      return false;
    } finally {
      setPending(false);
    }
  }, []);

  return { error, setError, pending, run };
}
