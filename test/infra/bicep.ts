// Offline Bicep reading for the tests: parses with the real Bicep grammar (tree-sitter-bicep via
// web-tree-sitter) and turns literal expressions into plain values.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

export const ROOT = join(__dirname, '..', '..');
export const INFRA = join(ROOT, 'infra');

let parser: Parser | null = null;

export async function bicepParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  // Bytes, not a path: loading by path takes a dynamic import that jest's VM does not allow.
  const language = await Language.load(readFileSync(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm')));
  parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export function bicepFiles(dir = INFRA): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.bicep'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export async function parseBicep(source: string): Promise<Tree> {
  const tree = (await bicepParser()).parse(source);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

export async function parseBicepFile(file: string): Promise<Node> {
  return (await parseBicep(readFileSync(file, 'utf8'))).rootNode;
}

/** Every ERROR or MISSING node, as "line:column text". */
export function syntaxProblems(root: Node): string[] {
  const problems: string[] = [];
  const walk = (n: Node): void => {
    if (n.isError || n.isMissing) problems.push(`${n.startPosition.row + 1}:${n.startPosition.column + 1} ${n.isMissing ? 'missing' : 'unexpected'} ${JSON.stringify(n.text.slice(0, 40))}`);
    for (const c of n.children) if (c) walk(c);
  };
  walk(root);
  return problems;
}

const children = (n: Node): Node[] => n.children.filter((c): c is Node => c !== null);
const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => c !== null);

/** A top-level declaration (`var`, `param`, `resource`, `module`, `output`) by kind and name. */
export function declaration(root: Node, type: 'variable_declaration' | 'parameter_declaration' | 'resource_declaration' | 'module_declaration' | 'output_declaration', name: string): Node {
  const found = named(root).find((n) => n.type === type && named(n)[0]?.text === name);
  if (!found) throw new Error(`no ${type} ${name}`);
  return found;
}

export function declarations(root: Node, type: string): Node[] {
  return named(root).filter((n) => n.type === type);
}

/** The decorators written right above a declaration. */
export function decoratorsOf(decl: Node): string[] {
  const prev = decl.previousNamedSibling;
  return prev?.type === 'decorators' ? named(prev).map((d) => d.text) : [];
}

/** A resource declaration's type string, e.g. Microsoft.Web/sites@2024-11-01. */
export function resourceType(decl: Node): string {
  const s = named(decl).find((n) => n.type === 'string');
  if (!s) throw new Error(`resource without a type: ${decl.text.slice(0, 60)}`);
  return stringValue(s);
}

/** The body object of a resource/module/var, also inside `[for ...: {...}]` and `if (...) {...}`. */
export function bodyOf(decl: Node): Node {
  const direct = named(decl).filter((n) => n.type === 'object' || n.type === 'array' || n.type === 'for_statement' || n.type === 'if_statement');
  const last = direct[direct.length - 1];
  if (!last) throw new Error(`no body in ${decl.text.slice(0, 60)}`);
  if (last.type === 'object') return last;
  if (last.type === 'array') {
    const inner = named(last).find((n) => n.type === 'for_statement');
    if (inner) return bodyOf(inner);
    return last;
  }
  const obj = last.childForFieldName('body') ?? named(last).filter((n) => n.type === 'object').pop();
  if (!obj) throw new Error(`no object body in ${last.text.slice(0, 60)}`);
  return obj;
}

export function resourcesOfType(root: Node, typePrefix: string): Node[] {
  return declarations(root, 'resource_declaration').filter((d) => resourceType(d).toLowerCase().startsWith(`${typePrefix.toLowerCase()}@`));
}

function keyOf(prop: Node): string {
  const key = named(prop)[0];
  if (!key) throw new Error('object property without a key');
  return key.type === 'string' ? stringValue(key) : key.text;
}

/** The value node of `key:` in an object node, or null. */
export function prop(obj: Node, key: string): Node | null {
  for (const p of named(obj)) if (p.type === 'object_property' && keyOf(p) === key) return named(p)[1] ?? null;
  return null;
}

/** Follows a dotted path of keys through nested objects. */
export function path(obj: Node, ...keys: string[]): Node {
  let cur: Node = obj;
  for (const k of keys) {
    const next = prop(cur, k);
    if (!next) throw new Error(`no property ${keys.join('.')} (missing ${k})`);
    cur = next;
  }
  return cur;
}

export function keys(obj: Node): string[] {
  if (obj.type !== 'object') throw new Error(`not an object literal: ${obj.text.slice(0, 60)}`);
  return named(obj).filter((p) => p.type === 'object_property').map(keyOf);
}

function stringValue(s: Node): string {
  let text = '';
  for (const c of named(s)) {
    if (c.type === 'string_content') text += c.text;
    else if (c.type === 'escape_sequence') text += JSON.parse(`"${c.text.replace(/^\\'/, "'").replace(/^\\\$/, '$')}"`) as string;
    else throw new Error(`not a plain string (interpolation): ${s.text}`);
  }
  return text;
}

/** An expression that is not a literal: kept as its source text. */
export interface Expression {
  expr: string;
}

export type BicepValue = string | number | boolean | null | Expression | BicepValue[] | { [key: string]: BicepValue };

/** Evaluates a literal (objects, arrays, strings, numbers, booleans, null); anything else becomes {expr}. */
export function literal(n: Node, vars: Record<string, BicepValue> = {}): BicepValue {
  switch (n.type) {
    case 'object': {
      const out: Record<string, BicepValue> = {};
      for (const p of named(n)) if (p.type === 'object_property') out[keyOf(p)] = literal(named(p)[1]!, vars);
      return out;
    }
    case 'array':
      return named(n).map((c) => literal(c, vars));
    case 'string':
      try {
        return stringValue(n);
      } catch {
        return { expr: n.text };
      }
    case 'number':
      return Number(n.text);
    case 'boolean':
      return n.text === 'true';
    case 'null':
      return null;
    case 'identifier':
      return n.text in vars ? vars[n.text]! : { expr: n.text };
    case 'parenthesized_expression':
      return literal(named(n)[0]!, vars);
    default:
      if (n.type === 'unary_expression' && children(n)[0]?.text === '-' && named(n)[0]?.type === 'number') return -Number(named(n)[0]!.text);
      return { expr: n.text };
  }
}

/** Top-level `var x = <literal>` values of a file (non-literals kept as {expr}). */
export function literalVars(root: Node): Record<string, BicepValue> {
  const vars: Record<string, BicepValue> = {};
  for (const d of declarations(root, 'variable_declaration')) {
    const name = named(d)[0]!.text;
    const value = named(d)[named(d).length - 1]!;
    vars[name] = literal(value, vars);
  }
  return vars;
}
