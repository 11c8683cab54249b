import { generateKeyPairSync } from "node:crypto";

export interface AppKeyPair {
  /** PKCS#8 PEM, as Probot's `privateKey` and `@octokit/auth-app` take it. */
  privateKey: string;
  publicKey: string;
}

let cached: AppKeyPair | undefined;

/**
 * A GitHub App key pair for tests. RSA generation takes a noticeable fraction
 * of a second, so one pair is made per module instance (jest gives each test
 * file its own).
 */
export function testAppKeys(): AppKeyPair {
  if (!cached) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    cached = {
      privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      publicKey: publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
  }
  return cached;
}
