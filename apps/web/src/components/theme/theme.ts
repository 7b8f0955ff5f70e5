// The colour theme: "system" follows the operating system (prefers-color-scheme, pure CSS, nothing to
// load first); an explicit light or dark choice is a cookie, so the server renders it and no page
// flashes the other theme before scripts run.
export const THEME_COOKIE = "switchyard-theme";
export type ThemeChoice = "system" | "light" | "dark";

export const parseTheme = (value: string | undefined): ThemeChoice => (value === "light" || value === "dark" ? value : "system");

export function chooseTheme(choice: ThemeChoice) {
  const root = document.documentElement;
  if (choice === "system") {
    delete root.dataset.theme;
    document.cookie = `${THEME_COOKIE}=; path=/; max-age=0; samesite=lax`;
  } else {
    root.dataset.theme = choice;
    document.cookie = `${THEME_COOKIE}=${choice}; path=/; max-age=31536000; samesite=lax`;
  }
}
