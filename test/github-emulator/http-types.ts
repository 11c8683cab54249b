import type { Account, Installation, RegisteredApp } from "./model.js";

/** Who a request acts as, from its Authorization header. */
export type Actor =
  | { kind: "anonymous" }
  | { kind: "app-jwt"; app: RegisteredApp }
  | { kind: "installation"; app: RegisteredApp; installation: Installation; account: Account }
  | { kind: "user"; account: Account };

export interface EmulatorRequest {
  method: string;
  /** Path without the `/api/v3` prefix. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  params: Record<string, string>;
  body: unknown;
  actor: Actor;
  /** Origin and prefix the client used, for `Link` headers. */
  apiBase: string;
}

export interface EmulatorResponse {
  status: number;
  body?: unknown;
  /** A non-JSON body (raw file contents). */
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface ValidationErrorDetail {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

/** An error answer in GitHub's shape: `{ message, documentation_url, status, errors? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Objects for most 422s; plain strings where GitHub answers `validation-error-simple`. */
    readonly errors?: Array<ValidationErrorDetail | string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (message = "Not Found"): ApiError => new ApiError(404, message);
export const unprocessable = (message: string, errors?: Array<ValidationErrorDetail | string>): ApiError => new ApiError(422, message, errors);

export const ok = (body: unknown, headers?: Record<string, string>): EmulatorResponse => ({ status: 200, body, headers });
export const created = (body: unknown, headers?: Record<string, string>): EmulatorResponse => ({ status: 201, body, headers });
export const noContent = (): EmulatorResponse => ({ status: 204 });

/** Reads a JSON object body; GitHub answers 400 "Problems parsing JSON" otherwise. */
export function bodyObject(req: EmulatorRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null) return {};
  if (typeof req.body !== "object" || Array.isArray(req.body)) throw new ApiError(400, "Problems parsing JSON");
  return req.body as Record<string, unknown>;
}

export function requireString(body: Record<string, unknown>, field: string, resource: string): string {
  const v = body[field];
  if (typeof v !== "string" || v === "") {
    throw unprocessable(`Invalid request.\n\n"${field}" wasn't supplied.`, [{ resource, code: "missing_field", field }]);
  }
  return v;
}
