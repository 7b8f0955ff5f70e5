import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("clientAddress", () => {
  it("ignores X-Forwarded-For when no proxy is trusted: the address is unknown, whatever the client wrote", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, 0)).toBe(null);
    expect(clientAddress({ "x-forwarded-for": "198.51.100.1, 203.0.113.7" }, 0)).toBe(null);
    expect(clientAddress({ "x-real-ip": "203.0.113.9" }, 0)).toBe(null);
  });

  it("takes the address the one trusted proxy appended, not what the client wrote before it", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, 1)).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": "6.6.6.6, 203.0.113.7" }, 1)).toBe("203.0.113.7");
    expect(clientAddress(new Headers({ "x-forwarded-for": "6.6.6.6,203.0.113.7" }), 1)).toBe("203.0.113.7");
  });

  it("counts hops from the right with several trusted proxies", () => {
    // client-written, then what the CDN saw (the client), then what the load balancer saw (the CDN)
    const chain = { "x-forwarded-for": "6.6.6.6, 203.0.113.7, 10.0.0.2" };
    expect(clientAddress(chain, 2)).toBe("203.0.113.7");
    expect(clientAddress(chain, 1)).toBe("10.0.0.2");
  });

  it("falls back to the furthest address when there are fewer entries than proxies", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, 3)).toBe("203.0.113.7");
  });

  it("reads repeated headers as one list, and knows no address when there is none", () => {
    expect(clientAddress({ "x-forwarded-for": ["6.6.6.6", "203.0.113.7"] }, 1)).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": " , " }, 1)).toBe(null);
    expect(clientAddress(undefined, 1)).toBe(null);
  });
});
