/** The GitHub emulator for offline end-to-end tests (see README.md beside this file). */
export { GitHubEmulator, EmulatorState, SchemaViolationError } from "./emulator.js";
export type { EmulatorOptions, EmulatorAppOptions, RepoRef, RepositoryHandle, UserHandle } from "./emulator.js";
export { testAppKeys, type AppKeyPair } from "./app-keys.js";
export { signPayload, type Delivery, type DeliveryAttempt, type DeliveryHandler, type WebhookOptions } from "./webhooks.js";
export type { EndpointMatcher, FaultOptions } from "./faults.js";
export type { LoggedRequest } from "./request-log.js";
export type { SchemaViolation } from "./openapi-validator.js";
export type { FileWrite, CommitInfo } from "./git-store.js";
export type { BranchProtection, Permission } from "./model.js";
export { OPERATIONS, WEBHOOK_EVENTS } from "./operations.js";
export { PULL_FILES_LIMIT } from "./pull-requests.js";
export { BLOB_TEXT_LIMIT, GRAPHQL_OPERATION_ID } from "./graphql.js";
