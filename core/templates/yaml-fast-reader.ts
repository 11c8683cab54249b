/**
 * A fast reader for the YAML that prompt files are made of: js-yaml parses
 * (several times faster than eemeli/yaml's CST-backed documents, which
 * dominated a 3,000-template check), and its open/close events give each
 * node's extent, from which this builds eemeli/yaml nodes with the same
 * `range`s the full parser would give. The format parsers read those nodes
 * exactly as they read a full document.
 *
 * It only answers for the plain subset it can reproduce exactly: anything
 * else (a parse error, tags, anchors and aliases, complex or non-text keys)
 * returns `undefined`, and the caller parses the region with the full parser.
 * Plain scalars are typed here as eemeli/yaml types them (`coreValue`).
 */
import jsyaml from "js-yaml";
import { Pair, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from "yaml";

export interface FastYaml {
  /** The document's root node, `null` for an empty document. */
  root: YamlNode | null;
  /** The plain-JS value of the whole document. */
  value: unknown;
}

interface Frame {
  /** Where js-yaml started to compose the node: before the separation space that precedes it. */
  open: number;
  children: Built[];
}

interface Built {
  node: YamlNode | null;
  value: unknown;
  kind: string | null;
}

/*
 * eemeli/yaml's node constructors set each node's type with Object.defineProperty, which cost more than
 * the rest of building the nodes at 3,000 templates. These nodes inherit it from one instance of each
 * class instead: isScalar and the other type tests, and instanceof, read it through the prototype chain.
 */
const SCALAR_PROTO = new Scalar(null);
const MAP_PROTO = new YAMLMap();
const SEQ_PROTO = new YAMLSeq();
const PAIR_PROTO = new Pair(null);

function scalar(value: unknown): Scalar {
  const s = Object.create(SCALAR_PROTO) as Scalar;
  s.value = value;
  return s;
}

function emptyMap(): YAMLMap {
  const m = Object.create(MAP_PROTO) as YAMLMap;
  m.items = [];
  return m;
}

function emptySeq(): YAMLSeq {
  const q = Object.create(SEQ_PROTO) as YAMLSeq;
  q.items = [];
  return q;
}

function pair(key: YamlNode | null, value: YamlNode | null): Pair {
  const p = Object.create(PAIR_PROTO) as Pair;
  p.key = key;
  p.value = value;
  return p;
}

/** Raised inside the listener to abandon the fast path; never escapes this module. */
class Unsupported extends Error {}

/** Bytes the fast path does not handle at the start of a node: a tag, an anchor, an alias, an explicit key. */
const PROPERTY_START = new Set(["!", "&", "*", "?"]);

/*
 * Texts the fast path leaves to the full parser: a directive or a second document (rare in a
 * prompt file); a byte order mark (js-yaml drops one before counting positions, yaml skips one
 * anywhere); a lone carriage return (a line break to one of them only); and two places where js-yaml
 * is laxer than YAML 1.2: tabs among leading spaces, a `#` right after a closing bracket or quote.
 */
const OUTSIDE_SUBSET = /\ufeff|^(?:%|---\s*\S|\.\.\.)|\r(?!\n)|^ *\t|[\]}"']#/m;

export function readYamlFast(src: string): FastYaml | undefined {
  if (OUTSIDE_SUBSET.test(src)) return undefined;
  const stack: Frame[] = [];
  let root: Built | undefined;
  const listener = (event: "open" | "close", state: ListenerState) => {
    if (event === "open") {
      stack.push({ open: state.position, children: [] });
      return;
    }
    const frame = stack.pop()!;
    const built = buildNode(src, frame, state);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(built);
    else root = built;
  };
  let value: unknown;
  try {
    value = jsyaml.load(src, { schema: jsyaml.FAILSAFE_SCHEMA, listener: listener as never });
  } catch {
    return undefined;
  }
  if (root === undefined) return value === undefined || value === null ? { root: null, value: null } : undefined;
  // js-yaml returns undefined for a document that holds only comments; eemeli/yaml gives null.
  return { root: root.node, value: value === undefined ? null : value };

  function buildNode(text: string, frame: Frame, state: ListenerState): Built {
    const start = skipSeparation(text, frame.open, state.position);
    if (start < state.position && PROPERTY_START.has(text[start]!)) throw bail();
    if (state.anchor !== null && state.anchor !== undefined) throw bail();
    // js-yaml may compose a node inside a first attempt at it (a flow collection tried as a block key): one node.
    const only = frame.children.length === 1 ? frame.children[0]! : undefined;
    if (only && only.kind === state.kind && Object.is(only.value, state.result)) return only;
    const end = trimEnd(text, start, state.position);
    switch (state.kind) {
      case "mapping": return { node: mapNode(text, frame, start, end, state.result), value: state.result, kind: state.kind };
      case "sequence": return { node: seqNode(text, frame, start, end, state.result), value: state.result, kind: state.kind };
      case "scalar": {
        if (frame.children.length) throw bail();
        const node = scalarNode(text, start, end, state.position, state.result);
        // js-yaml reads a copy of the text (it appends a terminator) and slices its values from it, so one short
        // value such as a model name would keep a whole second copy of the file alive. Handing js-yaml the same
        // characters sliced from `text` (which the caller keeps anyway) makes its result hold those instead.
        state.result = node.value;
        return { node, value: node.value, kind: state.kind };
      }
      default: {
        // An empty node (`key:` with nothing after it): a null scalar with no source, as eemeli/yaml has it.
        if (frame.children.length) throw bail();
        const s = scalar(null);
        s.source = "";
        s.range = [start, start, start];
        return { node: s, value: null, kind: null };
      }
    }
  }
}

/** The part of js-yaml's loader state this reads; its typings leave out `kind` values, `tag` and `anchor`. */
interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
  tag: string | null;
  anchor?: string | null;
}

/*
 * js-yaml composes some nodes without events (an empty sequence item, a key
 * with no value in a flow mapping): a node whose events do not account for
 * every entry of its value is handed back.
 */
function mapNode(text: string, frame: Frame, start: number, end: number, value: unknown): YAMLMap {
  const kids = frame.children;
  if (isMultiLineFlow(text, start, end)) throw bail();
  if (kids.length % 2 !== 0 || typeof value !== "object" || value === null || Object.keys(value).length !== kids.length / 2) throw bail();
  const map = emptyMap();
  for (let i = 0; i < kids.length; i += 2) {
    const key = kids[i]!;
    const entry = kids[i + 1]!;
    // eemeli/yaml and js-yaml turn other keys into object keys differently; such files take the full parser.
    if (!(key.node instanceof Scalar) || typeof key.value !== "string" || key.node.source === "") throw bail();
    if (!Object.hasOwn(value, key.value) || !Object.is((value as Record<string, unknown>)[key.value], entry.value)) throw bail();
    map.items.push(pair(key.node, entry.node));
  }
  map.range = [start, end, end];
  return map;
}

function seqNode(text: string, frame: Frame, start: number, end: number, value: unknown): YAMLSeq {
  if (isMultiLineFlow(text, start, end)) throw bail();
  if (!Array.isArray(value) || value.length !== frame.children.length) throw bail();
  const seq = emptySeq();
  for (const [i, item] of frame.children.entries()) {
    if (!Object.is(value[i], item.value)) throw bail();
    // An empty item (`-` alone) has no position of its own that both parsers agree on.
    if (item.node instanceof Scalar && item.node.source === "") throw bail();
    seq.items.push(item.node);
  }
  seq.range = [start, end, end];
  return seq;
}

function scalarNode(text: string, start: number, trimmed: number, limit: number, value: unknown): Scalar {
  const c = text[start];
  const block = c === "|" || c === ">";
  const quoted = c === '"' || c === "'";
  // js-yaml reads every scalar as text (its failsafe schema); a plain one gets its YAML 1.2 core value
  // here, as eemeli/yaml resolves it, once instead of through js-yaml's own resolvers and a comparison.
  const s = scalar(typeof value !== "string" ? value : block ? flat(value) : quoted ? fromSource(text, start, trimmed, c, value) : coreValue(fromSource(text, start, trimmed, c, value)));
  // A block scalar's content starts on the line after its header, even when it is empty.
  const end = block ? Math.max(trimmed, Math.min(limit, lineAfter(text, start))) : trimmed;
  // js-yaml accepts quoted and plain scalars continued on lines that YAML 1.2 (and eemeli/yaml) requires
  // to be indented further; rather than re-check indentation, such scalars take the full parser.
  if (!block && spansLines(text, start, end)) throw bail();
  if (block) s.type = c === "|" ? Scalar.BLOCK_LITERAL : Scalar.BLOCK_FOLDED;
  else if (c === '"' || c === "'") s.type = c === '"' ? Scalar.QUOTE_DOUBLE : Scalar.QUOTE_SINGLE;
  else {
    s.type = Scalar.PLAIN;
    s.source = text.slice(start, end);
  }
  s.range = [start, end, end];
  return s;
}

/**
 * js-yaml builds a block scalar by concatenating slices of its copy of the text; reading a character makes
 * V8 flatten that into one string of its own, so the copy is not kept alive through the rope.
 */
function flat(value: string): string {
  value.charCodeAt(0);
  return value;
}

/** `value` as a slice of `text` where the scalar's source holds it verbatim (plain, or quoted without escapes). */
function fromSource(text: string, start: number, end: number, first: string | undefined, value: string): string {
  const quoted = first === '"' || first === "'";
  const own = quoted ? text.slice(start + 1, end - 1) : text.slice(start, end);
  return own === value ? own : value;
}

/** A `{…}` or `[…]` over several lines: js-yaml, like for quoted scalars, is laxer about their indentation. */
const isMultiLineFlow = (text: string, start: number, end: number): boolean =>
  (text[start] === "{" || text[start] === "[") && spansLines(text, start, end);

function spansLines(text: string, start: number, end: number): boolean {
  const nl = text.indexOf("\n", start);
  return nl !== -1 && nl < end;
}

/**
 * eemeli/yaml's YAML 1.2 core schema for plain scalars (its `schema/core`
 * tags). js-yaml's own core schema differs at the edges (`1_000`, `0b101`),
 * so js-yaml reads every scalar as text and plain ones are resolved here.
 */
function coreValue(source: string): unknown {
  // Most plain scalars are words: only these first characters can start a null, boolean or number.
  if (source !== "" && !CORE_FIRST.has(source[0]!)) return source;
  if (/^(?:~|[Nn]ull|NULL)?$/.test(source)) return null;
  if (/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(source)) return source[0] === "t" || source[0] === "T";
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.slice(2), 8);
  if (/^[-+]?[0-9]+$/.test(source)) return parseInt(source, 10);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.slice(2), 16);
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(source)) return source.slice(-3).toLowerCase() === "nan" ? NaN : source[0] === "-" ? -Infinity : Infinity;
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(source) || /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(source)) return parseFloat(source);
  return source;
}

const CORE_FIRST = new Set([..."0123456789+-.~nNtTfF"]);


/** From where js-yaml began a node to its first character: spaces, line breaks and comments. */
function skipSeparation(text: string, from: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff) { i++; continue; }
    if (c === 0x23 /* # */ && (i === 0 || isBlank(text.charCodeAt(i - 1)))) {
      while (i < limit && text.charCodeAt(i) !== 0x0a) i++;
      continue;
    }
    break;
  }
  return i;
}

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

function lineAfter(text: string, at: number): number {
  const nl = text.indexOf("\n", at);
  return nl === -1 ? text.length : nl + 1;
}

/** js-yaml stops after trailing blank lines of a block; a node ends at its last character. */
function trimEnd(text: string, start: number, end: number): number {
  let i = end;
  while (i > start && isBlank(text.charCodeAt(i - 1))) i--;
  return i;
}

const bail = () => new Unsupported();
