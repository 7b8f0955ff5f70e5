import { describe, expect, it } from "vitest";
import { clientAddress, SHARED_CLIENT_ADDRESS } from "./client-address";

describe("clientAddress", () => {
  it("ignores X-Forwarded-For when no proxy is trusted, so made-up addresses all land in one bucket", () => {
    expect(clientAddress({ "x-forwarded-for": "203.0.113.7" }, 0)).toBe(SHARED_CLIENT_ADDRESS);
    expect(clientAddress({ "x-forwarded-for": "198.51.100.1, 203.0.113.7" }, 0)).toBe(SHARED_CLIENT_ADDRESS);
    expect(clientAddress({ "x-real-ip": "203.0.113.9" }, 0)).toBe(SHARED_CLIENT_ADDRESS);
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

  it("reads repeated headers as one list and shares a bucket when there is no address at all", () => {
    expect(clientAddress({ "x-forwarded-for": ["6.6.6.6", "203.0.113.7"] }, 1)).toBe("203.0.113.7");
    expect(clientAddress({ "x-forwarded-for": " , " }, 1)).toBe(SHARED_CLIENT_ADDRESS);
    expect(clientAddress(undefined, 1)).toBe(SHARED_CLIENT_ADDRESS);
  });
});
