// Colour checks for dark-mode steps: WCAG luminance and the visible texts whose contrast is too low.
import type { Page } from "@playwright/test";

/** Relative luminance (WCAG) of a CSS colour, as the browser resolves it (oklch included). */
export async function luminance(page: Page, color: string) {
  return page.evaluate((value) => {
    const context = document.createElement("canvas").getContext("2d")!;
    context.fillStyle = value;
    context.fillRect(0, 0, 1, 1);
    const [r, g, b] = [...context.getImageData(0, 0, 1, 1).data].map((channel) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  }, color);
}

/** Visible texts whose contrast with the background behind them is under 3:1, as "text: ratio". */
export async function lowContrastTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const context = document.createElement("canvas").getContext("2d", { willReadFrequently: true })!;
    const rgba = (value: string) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = value;
      context.fillRect(0, 0, 1, 1);
      return [...context.getImageData(0, 0, 1, 1).data];
    };
    const lum = ([r, g, b]: number[]) =>
      [r!, g!, b!]
        .map((channel) => channel / 255)
        .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
        .reduce((sum, c, index) => sum + c * [0.2126, 0.7152, 0.0722][index]!, 0);
    const backgroundOf = (element: Element | null): number[] => {
      for (let current = element; current; current = current.parentElement) {
        const color = rgba(getComputedStyle(current).backgroundColor);
        if (color[3]! > 200) return color;
      }
      return rgba(getComputedStyle(document.body).backgroundColor);
    };
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      const text = node.textContent?.trim();
      if (!element || !text || element.closest("svg, option, [aria-hidden=true]")) continue;
      const rect = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      if (!rect.width || !rect.height || style.visibility === "hidden" || Number(style.opacity) < 0.5) continue;
      if (rect.bottom < 0 || rect.top > innerHeight) continue;
      const a = lum(rgba(style.color));
      const b = lum(backgroundOf(element));
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < 3) found.push(`${text.slice(0, 40)}: ${ratio.toFixed(2)}`);
    }
    return [...new Set(found)];
  });
}
