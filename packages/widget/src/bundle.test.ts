import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { bundleWidget, WIDGET_GZIP_BUDGET_BYTES } from "../build.mjs";

describe("widget.js", () => {
  it("is one file of at most 15 KB gzipped", () => {
    const code = bundleWidget();
    const gzipped = gzipSync(code, { level: 9 }).length;
    expect(gzipped).toBeGreaterThan(1_000); // the real widget, not an empty bundle
    expect(gzipped).toBeLessThanOrEqual(WIDGET_GZIP_BUDGET_BYTES);
  });

  it("never writes markup from strings into the page", () => {
    // model output reaches the DOM only as text nodes; these sinks would bypass that
    expect(bundleWidget()).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
  });
});
