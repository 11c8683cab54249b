import { verify } from "node:crypto";
import { ApiError, type Actor } from "./http-types.js";
import type { RegisteredApp } from "./model.js";
import type { World } from "./world.js";

/** GitHub refuses app JWTs valid for longer than ten minutes (a second of slack for rounding). */
const MAX_JWT_LIFETIME_SECONDS = 601;
/** Allowed clock drift for `iat` in the future. */
const IAT_SKEW_SECONDS = 60;

const decodePart = (part: string): unknown => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));

export const looksLikeJwt = (token: string): boolean => /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(token);

/**
 * Verifies an app JWT as GitHub does: RS256, signed by the key registered for
 * the app named in `iss`, not expired, at most ten minutes long. Uses the real
 * clock, like the library that signed it.
 */
export function verifyAppJwt(world: World, token: string, nowSeconds = Math.floor(Date.now() / 1000)): RegisteredApp {
  const undecodable = new ApiError(401, "A JSON web token could not be decoded");
  const parts = token.split(".");
  if (parts.length !== 3) throw undecodable;
  let header: { alg?: unknown; typ?: unknown };
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown };
  try {
    header = decodePart(parts[0]!) as typeof header;
    claims = decodePart(parts[1]!) as typeof claims;
  } catch {
    throw undecodable;
  }
  if (header.alg !== "RS256") throw undecodable;
  const iss = typeof claims.iss === "number" ? claims.iss : typeof claims.iss === "string" ? claims.iss : undefined;
  const app = [...world.apps.values()].find((a) => String(a.id) === String(iss) || a.clientId === iss);
  if (!app) throw new ApiError(401, "'Issuer' claim ('iss') must be an Integer or a valid client ID");
  const signed = verify("RSA-SHA256", Buffer.from(`${parts[0]}.${parts[1]}`), app.publicKey, Buffer.from(parts[2]!, "base64url"));
  if (!signed) throw undecodable;
  if (typeof claims.exp !== "number" || typeof claims.iat !== "number") throw new ApiError(401, "'Expiration time' claim ('exp') and 'Issued at' claim ('iat') must be numeric values");
  if (claims.exp <= nowSeconds) throw new ApiError(401, "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires");
  if (claims.iat > nowSeconds + IAT_SKEW_SECONDS) throw new ApiError(401, "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued");
  if (claims.exp - claims.iat > MAX_JWT_LIFETIME_SECONDS) throw new ApiError(401, "'Expiration time' claim ('exp') is too far in the future");
  return app;
}

/** Who the Authorization header says the caller is; 401 for credentials GitHub would refuse. */
export function resolveActor(world: World, authorization: string | null): Actor {
  if (!authorization) return { kind: "anonymous" };
  const m = /^(bearer|token)\s+(\S+)$/i.exec(authorization.trim());
  if (!m) throw new ApiError(401, "Bad credentials");
  const token = m[2]!;
  if (looksLikeJwt(token)) return { kind: "app-jwt", app: verifyAppJwt(world, token) };
  const inst = world.installationTokens.get(token);
  if (inst) {
    if (inst.expiresAt.getTime() <= Date.now()) throw new ApiError(401, "Bad credentials");
    const installation = world.installation(inst.installationId);
    return { kind: "installation", app: world.app(installation.appId), installation, account: installation.account };
  }
  const user = world.userTokens.get(token);
  if (user) return { kind: "user", account: user };
  throw new ApiError(401, "Bad credentials");
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "anonymous":
      return "anonymous";
    case "app-jwt":
      return `app:${actor.app.id}`;
    case "installation":
      return `installation:${actor.installation.id}`;
    case "user":
      return `user:${actor.account.login}`;
  }
}
