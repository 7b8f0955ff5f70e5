// The OTLP receiver in a process of its own, so the benchmark's CPU figures hold only the exporting side.
// Prints its URL, then answers "count" on stdin with the spans it has decoded.
import { startOtlpReceiver } from "../../test/fixtures/otlp/receiver";

const receiver = await startOtlpReceiver({ keep: false });
console.log(receiver.url);
process.stdin.setEncoding("utf8");
process.stdin.on("data", (line: string) => {
  if (line.trim() === "count") console.log(receiver.received());
});
process.stdin.on("end", () => void receiver.close().then(() => process.exit(0)));
