/**
 * The ajv instance that validates policy files and governance blocks. Policy
 * validation runs on every webhook, so the schemas are compiled once, lazily,
 * on first use, and shared.
 */
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import policySchema from "../../schemas/policy.schema.json" with { type: "json" };
import governanceSchema from "../../schemas/governance.schema.json" with { type: "json" };
import { globProblem } from "./globs.js";
import { regexProblem } from "./regex.js";

// ajv-formats is CommonJS with `exports.default`; under nodenext ESM the default
// import is `module.exports`, which TypeScript types as the namespace. At run time
// it is the plugin function itself (it also carries `.default`), whichever loader.
type AddFormats = typeof addFormatsModule.default;
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

export const POLICY_SCHEMA_ID = policySchema.$id;
export const GOVERNANCE_SCHEMA_ID = governanceSchema.$id;

let ajv: Ajv | undefined;

function instance(): Ajv {
  if (ajv) return ajv;
  // verbose: the error translation needs `parentSchema` (allowed keys for suggestions) and `data` (what was given).
  const a = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false });
  addFormats(a);
  // Our own `regex` replaces ajv-formats' (which compiles without the `u` flag the engine uses).
  a.addFormat("glob", { type: "string", validate: (s: string) => globProblem(s) === undefined });
  a.addFormat("regex", { type: "string", validate: (s: string) => regexProblem(s) === undefined });
  a.addSchema(governanceSchema);
  a.addSchema(policySchema);
  ajv = a;
  return a;
}

function compiled(id: string): ValidateFunction {
  const v = instance().getSchema(id);
  if (!v) throw new Error(`schema ${id} is not registered`);
  return v;
}

export const policyValidator = (): ValidateFunction => compiled(POLICY_SCHEMA_ID);
export const governanceValidator = (): ValidateFunction => compiled(GOVERNANCE_SCHEMA_ID);
