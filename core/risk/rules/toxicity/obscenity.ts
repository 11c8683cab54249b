/** The `obscenity` package, loaded on first use (see core/lazy-require.ts). */
import { requireOnFirstUse } from "../../../lazy-require.js";

declare const require: ((id: string) => unknown) | undefined;
type Obscenity = typeof import("obscenity");
let loaded: Obscenity | undefined;

export const obscenity = (): Obscenity => (loaded ??= requireOnFirstUse(() => require!("obscenity"), "obscenity") as Obscenity);
