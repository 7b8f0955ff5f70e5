// When a chaos test fails, its processes' own words are the only clue to why (a run that never
// reached the provider, a stream cut short): print the tail of each one's output.
import { beforeEach } from "vitest";
import { forgetStoppedPlatforms, recentPlatformOutputs } from "./harness";

beforeEach(({ onTestFailed }) => {
  forgetStoppedPlatforms();
  onTestFailed(() => {
    for (const output of recentPlatformOutputs()) console.error(output);
  });
});
