import { describe, expect, it } from "vitest";
import { mintWidgetSession, readWidgetSession } from "./widget-session";

const secret = "s".repeat(40);

describe("widget sessions", () => {
  it("reads back the id of a token it minted, for the same deployment only", () => {
    const { token, id } = mintWidgetSession(secret, "dep-1");
    expect(readWidgetSession(secret, "dep-1", token)).toBe(id);
    expect(readWidgetSession(secret, "dep-2", token)).toBeNull();
    expect(readWidgetSession("t".repeat(40), "dep-1", token)).toBeNull();
    expect(mintWidgetSession(secret, "dep-1").id).not.toBe(id);
  });

  it("refuses ids the browser chose, forged signatures and garbage", () => {
    const { token } = mintWidgetSession(secret, "dep-1");
    const [id, signature] = token.split(".") as [string, string];
    const flipped = signature.slice(0, -1) + (signature.endsWith("A") ? "B" : "A");
    for (const forged of [`${id}.${flipped}`, `${"a".repeat(22)}.${signature}`, id, "visitor-123", "", null, undefined, `${token}x`])
      expect(readWidgetSession(secret, "dep-1", forged)).toBeNull();
  });
});
