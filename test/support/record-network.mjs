// A preload (`node --import ./record-network.mjs`, or NODE_OPTIONS) that records every attempt the
// process makes to reach a host other than this machine: TCP and TLS connections (fetch, http, undici,
// database and Redis clients all open them through net.Socket), DNS lookups of other names and UDP
// sends. Each attempt is appended to the file named by SWITCHYARD_NETWORK_LOG as one JSON line, with
// where in the code it came from. Nothing is blocked: the recording is the evidence. Used by
// test/chaos/air-gap.test.ts to check the platform contacts nobody at run time.
import dgram from "node:dgram";
import dns from "node:dns";
import { appendFileSync } from "node:fs";
import net from "node:net";

const logFile = process.env.SWITCHYARD_NETWORK_LOG;

const isLocal = (host) => {
  if (host === undefined || host === null || host === "") return true; // Node connects to localhost
  const name = String(host)
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (name === "localhost" || name.endsWith(".localhost") || name === "::1" || name === "0.0.0.0" || name === "::") return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(name) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(name)) return true;
  return false;
};

function record(kind, target) {
  const stack = (new Error().stack ?? "")
    .split("\n")
    .slice(3, 12)
    .map((line) => line.trim());
  appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, script: process.argv[1], kind, target, stack })}\n`);
}

if (logFile) {
  // so a test can tell the recorder was loaded in the processes it meant to watch
  appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, script: process.argv[1], kind: "start" })}\n`);

  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (...args) {
    // net.connect() hands over its already-normalised [options, callback]; callers may also pass
    // (options), (port, host) or (path)
    const first = Array.isArray(args[0]) ? args[0][0] : args[0];
    const options =
      typeof first === "object" && first !== null
        ? first
        : typeof first === "string" && isNaN(Number(first))
          ? { path: first }
          : { port: first, host: args[1] };
    if (options.path === undefined && !isLocal(options.host)) record("connect", `${options.host}:${options.port}`);
    return connect.apply(this, args);
  };

  const lookup = dns.lookup;
  dns.lookup = function (hostname, ...rest) {
    if (!isLocal(hostname) && net.isIP(hostname) === 0) record("dns", hostname);
    return lookup.call(this, hostname, ...rest);
  };
  const lookupPromise = dns.promises.lookup;
  dns.promises.lookup = function (hostname, ...rest) {
    if (!isLocal(hostname) && net.isIP(hostname) === 0) record("dns", hostname);
    return lookupPromise.call(this, hostname, ...rest);
  };

  const send = dgram.Socket.prototype.send;
  dgram.Socket.prototype.send = function (...args) {
    const address = args.find((arg, index) => index > 0 && typeof arg === "string");
    if (!isLocal(address)) record("udp", String(address));
    return send.apply(this, args);
  };
}
