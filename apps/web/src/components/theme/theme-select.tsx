"use client";
import { Monitor, Moon, Sun } from "lucide-react";
import { useSyncExternalStore } from "react";
import { cn } from "@/lib/cn";
import { chooseTheme, parseTheme, type ThemeChoice } from "./theme";

const options: { value: ThemeChoice; label: string; icon: typeof Sun }[] = [
  { value: "system", label: "System", icon: Monitor },
  { value: "light", label: "Light", icon: Sun },
  { value: "dark", label: "Dark", icon: Moon },
];

const subscribe = (listener: () => void) => {
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  return () => observer.disconnect();
};

/** The current choice, as the <html> element carries it. */
export const useThemeChoice = () =>
  useSyncExternalStore(
    subscribe,
    () => parseTheme(document.documentElement.dataset.theme),
    () => "system" as ThemeChoice,
  );

/** System / light / dark, as three small radio buttons. */
export function ThemeSelect() {
  const current = useThemeChoice();
  return (
    <div role="radiogroup" aria-label="Theme" className="flex rounded-md border border-zinc-200 p-0.5 compact:flex-col">
      {options.map(({ value, label, icon: Icon }) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={current === value}
          title={`${label} theme`}
          onClick={() => chooseTheme(value)}
          className={cn(
            "flex flex-1 items-center justify-center gap-1 rounded px-1.5 py-1 text-xs text-zinc-600 hover:bg-zinc-100",
            current === value && "bg-zinc-100 font-medium text-zinc-900",
          )}
        >
          <Icon className="h-3.5 w-3.5" aria-hidden />
          <span className="compact:sr-only">{label}</span>
        </button>
      ))}
    </div>
  );
}
