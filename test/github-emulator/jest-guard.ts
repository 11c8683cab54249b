import { afterEach } from "@jest/globals";
import type { GitHubEmulator } from "./emulator.js";

/**
 * Registers an `afterEach` that fails the test whose calls made the emulator
 * produce something GitHub's OpenAPI description does not allow, then clears
 * faults, the request log and violations for the next test.
 */
export function guardEmulator(get: () => GitHubEmulator | undefined): void {
  afterEach(() => {
    const emulator = get();
    if (!emulator) return;
    try {
      emulator.assertNoViolations();
    } finally {
      emulator.reset();
    }
  });
}
