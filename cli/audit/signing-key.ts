/**
 * Where the signing key comes from: configuration, never the repository
 * (DESIGN §7). In order: an explicit key file, `PROMPTOPS_SIGNING_KEY` (the
 * PEM itself), `PROMPTOPS_SIGNING_KEY_FILE`. Messages name the source, never
 * the content.
 */
import { readFile, stat } from "node:fs/promises";
import { err, type Result } from "../../core/errors/problem.js";
import { signerFromPem, type Signer } from "../../core/audit/keys.js";

export interface SignerSource {
  keyFile?: string;
  env?: NodeJS.ProcessEnv;
}

export interface LoadedSigner {
  signer: Signer;
  /** Where the key came from (a path or a variable name), for messages. */
  source: string;
  /** Set when a key file can be read by other users. */
  warning?: string;
}

async function fromFile(path: string): Promise<Result<LoadedSigner>> {
  let pem: string;
  let mode: number;
  try {
    pem = await readFile(path, "utf8");
    mode = (await stat(path)).mode;
  } catch (e) {
    return err({ code: "audit.signing-key-unreadable", message: `cannot read the signing key file ${path}: ${(e as NodeJS.ErrnoException).code ?? "error"}`, file: path });
  }
  const signer = signerFromPem(pem);
  if (!signer.ok) return err({ ...signer.error, file: path });
  const warning = process.platform !== "win32" && mode & 0o077 ? `the signing key file ${path} is readable by other users; chmod 600 it` : undefined;
  return { ok: true, value: { signer: signer.value, source: path, ...(warning ? { warning } : {}) } };
}

export async function loadSigner(source: SignerSource = {}): Promise<Result<LoadedSigner>> {
  const env = source.env ?? process.env;
  if (source.keyFile) return fromFile(source.keyFile);
  const inline = env.PROMPTOPS_SIGNING_KEY;
  if (inline && inline.trim()) {
    const signer = signerFromPem(inline);
    return signer.ok
      ? { ok: true, value: { signer: signer.value, source: "PROMPTOPS_SIGNING_KEY" } }
      : err({ ...signer.error, message: `PROMPTOPS_SIGNING_KEY: ${signer.error.message}` });
  }
  const file = env.PROMPTOPS_SIGNING_KEY_FILE;
  if (file && file.trim()) return fromFile(file.trim());
  return err({
    code: "audit.signing-key-missing",
    message: "no signing key: set PROMPTOPS_SIGNING_KEY (PEM) or PROMPTOPS_SIGNING_KEY_FILE, or pass --key-file; create one with `promptops keygen --out FILE`",
  });
}
