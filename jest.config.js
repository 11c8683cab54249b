/** ts-jest in ESM mode, as checked on this machine (DESIGN §9). */
export default {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": ["ts-jest", { useESM: true }] },
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  // CI machines have run the suite 1.7x slower than a developer machine: a timeout is a hang detector, not an assertion.
  testTimeout: 90_000,
  maxWorkers: 2,
};
