// The dependency rules the design relies on, checked on every run: a pure domain, one adapter
// per SDK, one module that reads the environment, no import circle.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const shipped = [...sources('functions'), ...sources('shared')];

/** Read with the TypeScript parser, so no form escapes a pattern: import/export from, bare import, import(), require(). */
function parse(text: string, name = 'x.ts'): ts.SourceFile {
  return ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
}

function specifiersIn(source: ts.SourceFile): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `process.env`, `process['env']` or `const { env } = process`: any read of the environment. */
function readsEnvironment(source: ts.SourceFile): boolean {
  let reads = false;
  const isProcess = (n: ts.Node) => ts.isIdentifier(n) && n.text === 'process';
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && isProcess(node.expression) && node.name.text === 'env') reads = true;
    if (ts.isElementAccessExpression(node) && isProcess(node.expression) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === 'env') reads = true;
    if (ts.isVariableDeclaration(node) && node.initializer && isProcess(node.initializer) && ts.isObjectBindingPattern(node.name)) {
      if (node.name.elements.some((e) => (e.propertyName ?? e.name).getText() === 'env')) reads = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return reads;
}

const parsed = new Map<string, ts.SourceFile>();
const sourceOf = (file: string): ts.SourceFile => parsed.get(file) ?? parsed.set(file, parse(readFileSync(join(ROOT, file), 'utf8'), file)).get(file)!;
const importsOf = (file: string): string[] => specifiersIn(sourceOf(file));

test('the checks see every form of import and of reading the environment (so a rule can fail)', () => {
  const code = `import a from 'a'; import 'b'; export * from 'c'; const d = require('d'); const e = import('e'); import f = require('f');
    const url = 'http://example.com//not-a-comment'; // import 'commented'`;
  expect(specifiersIn(parse(code))).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  const forms = ['process.env.X', "process['env'].X", 'const { env } = process', 'const { env: e } = process'];
  expect(forms.map((read) => ({ read, found: readsEnvironment(parse(read)) }))).toEqual(forms.map((read) => ({ read, found: true })));
  expect(readsEnvironment(parse("const text = 'process.env is read elsewhere'; // process.env"))).toBe(false);
});

test('the domain imports nothing but itself', () => {
  const files = sources('shared/domain');
  expect(files).toContain('shared/domain/model.ts'); // the walk found the domain, so an empty list below means something
  const outside = files.flatMap((file) => importsOf(file).filter((i) => !i.startsWith('./')).map((i) => `${file}: ${i}`));
  expect(outside).toEqual([]);
});

test.each([
  ['@azure/cosmos', ['shared/store/cosmos/client.ts']],
  // http-types.ts re-exports the HTTP types only (erased when compiled), so shared/http/ can name them without a circle.
  ['@azure/functions', ['shared/host/functions.ts', 'shared/host/http-types.ts']],
  ['@azure/identity', ['shared/composition.ts']],
  ['jose', ['shared/auth/jwt.ts']],
  ['@azure/storage-blob', ['shared/store/blob-attachments.ts']],
  ['@azure/service-bus', ['shared/bus/service-bus.ts']],
  ['mailparser', ['shared/mail/inbound-parser.ts']],
  ['mime-types', ['shared/app/attachments.ts']],
  ['content-disposition', ['shared/http/files.ts']],
  ['html-to-text', ['shared/mail/html-to-text.ts']],
  ['rhea', ['shared/bus/service-bus.ts']],
  ['imapflow', ['shared/mail/imap-mailbox.ts']],
  ['@azure/keyvault-secrets', ['shared/secrets/key-vault.ts']],
])('%s is imported by exactly one adapter module', (pkg, allowed) => {
  const importers = shipped.filter((f) => importsOf(f).some((i) => i === pkg || i.startsWith(`${pkg}/`)));
  expect(importers).toEqual(allowed);
});

test('only the configuration module reads the environment', () => {
  const readers = shipped.filter((f) => readsEnvironment(sourceOf(f)));
  expect(readers.map((f) => relative('.', f))).toEqual(['shared/config.ts']);
});

test('functions stay thin: no store, SDK or domain rule is reached past the application layer', () => {
  const files = sources('functions');
  expect(files).toContain('functions/admin-agents-list.ts'); // the walk found the functions, so an empty list below means something
  const reached = files.flatMap((file) => importsOf(file).filter((i) => /shared\/(store|domain\/lifecycle)|^@azure\//.test(i)).map((i) => `${file}: ${i}`));
  expect(reached).toEqual([]);
});

// ------------------------------------------------------------------ import circles

/** The project's own modules: what tsconfig.json compiles. */
const projectModules = ['functions', 'shared', 'local', 'scripts', 'clients'].flatMap(sources).filter((f) => !f.endsWith('.d.ts'));

/** The project file a relative specifier names (`./x` is x.ts or x/index.ts), or null for a package. */
function resolveLocal(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = join(dirname(from), specifier);
  const file = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(join(ROOT, f)));
  if (!file) throw new Error(`${from} imports ${specifier}, which names no .ts file`);
  return file;
}

/**
 * The import circles of a graph (file -> files it imports): each strongly connected component of
 * more than one file, or a file importing itself, as one cycle through it (Tarjan's algorithm, then
 * the shortest way back to its first file), so a failure names the files to untangle.
 */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const strongConnect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strongConnect(v);
  return components.map((component) => {
    // Breadth first from the component's first file back to it, within the component.
    const start = component[0]!;
    const inside = new Set(component);
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!inside.has(w) || previous.has(w)) continue;
        previous.set(w, v);
        if (w === start) queue.length = 0;
        else queue.push(w);
      }
    }
    const path: string[] = [];
    for (let v = previous.get(start)!; v !== start; v = previous.get(v)!) path.unshift(v);
    return [start, ...path, start];
  });
}

test('the circle check finds a circle, names its files, and passes a graph without one', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts', 'd.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', []],
    ['e.ts', ['e.ts']],
  ]);
  expect(importCircles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts'], ['e.ts', 'e.ts']]);
  expect(importCircles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  // The real graph is read with the same parser as every other rule: import(), require, bare imports, `import type` all count.
  expect(resolveLocal('shared/http/responses.ts', '../domain/errors')).toBe('shared/domain/errors.ts');
});

test('no import circle among the project\'s modules (every form of import counts, type-only ones too)', () => {
  expect(projectModules).toContain('shared/composition.ts'); // the walk found the sources, so an empty list below means something
  const graph = new Map(projectModules.map((file) => [file, importsOf(file).flatMap((s) => resolveLocal(file, s) ?? [])] as const));
  expect(importCircles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
});
