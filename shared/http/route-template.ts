// Route templates as the Functions host reads them (ASP.NET Core route templates), so that the
// local host matches requests the way Azure does and the OpenAPI document names the same paths.
// Sources: the host maps an empty route to the function's name
// (azure-functions-host, WebScriptHostHttpRoutesManager.InitializeHttpFunctionRoutes); routes are
// tried in the order of WebJobsRouteBuilder.RouteComparison (azure-webjobs-sdk-extensions);
// constraints are ASP.NET Core's inline constraints ("Route constraints" in "Routing in ASP.NET
// Core", learn.microsoft.com/aspnet/core/fundamentals/routing); Kestrel decodes a path's
// escapes except %2F and leaves a malformed escape as it is.

export type RouteConstraint = (value: string) => boolean;

export type RouteSegment =
  | { kind: 'literal'; text: string }
  | { kind: 'parameter'; name: string; optional: boolean; constraints: { text: string; test: RouteConstraint }[] };

export interface RouteTemplate {
  /** The template as registered, after an empty route was named after its function. */
  text: string;
  segments: RouteSegment[];
}

export class RouteTemplateError extends Error {
  override readonly name = 'RouteTemplateError';
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const INTEGER = /^\s*[+-]?\d+\s*$/;

function numberArgs(name: string, args: string, count: number): number[] {
  const values = args.split(',').map((a) => Number(a.trim()));
  if (values.length !== count || values.some((v) => !Number.isInteger(v))) {
    throw new RouteTemplateError(`constraint ${name}(${args}) takes ${count} whole number${count > 1 ? 's' : ''}`);
  }
  return values;
}

/** The inline constraints ASP.NET Core resolves by name; anything else is refused as the host would. */
function constraint(text: string): RouteConstraint {
  const m = /^([a-z]+)(?:\((.*)\))?$/i.exec(text);
  if (!m) throw new RouteTemplateError(`the constraint '${text}' cannot be read`);
  const name = m[1]!.toLowerCase();
  const args = m[2];
  const int = (v: string) => INTEGER.test(v) && Number(v) >= INT32.min && Number(v) <= INT32.max;
  switch (args === undefined ? name : `${name}()`) {
    case 'int':
      return int;
    case 'long':
      return (v) => INTEGER.test(v) && Number.isSafeInteger(Number(v));
    case 'bool':
      return (v) => /^\s*(true|false)\s*$/i.test(v);
    case 'guid':
      return (v) => /^\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i.test(v);
    case 'alpha':
      return (v) => /^[a-z]*$/i.test(v);
    case 'required':
      return (v) => v.length > 0;
    case 'minlength()': {
      const [n] = numberArgs(name, args!, 1);
      return (v) => v.length >= n!;
    }
    case 'maxlength()': {
      const [n] = numberArgs(name, args!, 1);
      return (v) => v.length <= n!;
    }
    case 'length()': {
      const bounds = args!.includes(',') ? numberArgs(name, args!, 2) : [...numberArgs(name, args!, 1), ...numberArgs(name, args!, 1)];
      return (v) => v.length >= bounds[0]! && v.length <= bounds[1]!;
    }
    case 'min()': {
      const [n] = numberArgs(name, args!, 1);
      return (v) => INTEGER.test(v) && Number(v) >= n!;
    }
    case 'max()': {
      const [n] = numberArgs(name, args!, 1);
      return (v) => INTEGER.test(v) && Number(v) <= n!;
    }
    case 'range()': {
      const [lo, hi] = numberArgs(name, args!, 2);
      return (v) => INTEGER.test(v) && Number(v) >= lo! && Number(v) <= hi!;
    }
    default:
      throw new RouteTemplateError(`the constraint '${text}' is not one the local host knows; add it to shared/http/route-template.ts`);
  }
}

function segment(text: string): RouteSegment {
  if (!text.includes('{') && !text.includes('}')) return { kind: 'literal', text };
  const m = /^\{([^{}]+)\}$/.exec(text);
  if (!m) throw new RouteTemplateError(`the segment '${text}' mixes text and parameters; only whole-segment parameters are supported`);
  let body = m[1]!;
  if (body.startsWith('*')) throw new RouteTemplateError(`catch-all parameters ('${text}') are not supported`);
  if (body.includes('=')) throw new RouteTemplateError(`default values ('${text}') are not supported`);
  const optional = body.endsWith('?');
  if (optional) body = body.slice(0, -1);
  // `name:constraint:constraint(args)`; a regex() constraint may itself hold colons, so it is refused.
  const [name, ...constraintTexts] = body.split(':');
  if (!name || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new RouteTemplateError(`the parameter name in '${text}' is not valid`);
  return { kind: 'parameter', name, optional, constraints: constraintTexts.map((c) => ({ text: c, test: constraint(c) })) };
}

/** Parses a route as the host registers it (from the site root; `''` is named after the function). */
export function parseRouteTemplate(route: string, functionName: string): RouteTemplate {
  const text = route === '' ? functionName : route;
  const segments = text.split('/').map(segment);
  segments.forEach((s, i) => {
    if (s.kind === 'parameter' && s.optional && i !== segments.length - 1) {
      throw new RouteTemplateError(`${text}: only the last segment may be optional`);
    }
  });
  const names = segments.flatMap((s) => (s.kind === 'parameter' ? [s.name.toLowerCase()] : []));
  if (new Set(names).size !== names.length) throw new RouteTemplateError(`${text}: a parameter name appears twice`);
  return { text, segments };
}

/**
 * The host's order of routes: literals before parameters, then more constrained parameters first,
 * then literals alphabetically (ignoring case), and a longer template before its own prefix.
 */
export function compareRouteTemplates(x: RouteTemplate, y: RouteTemplate): number {
  for (let i = 0; i < x.segments.length; i++) {
    const a = x.segments[i]!;
    const b = y.segments[i];
    if (!b) return -1;
    if (a.kind === 'literal' && b.kind === 'parameter') return -1;
    if (a.kind === 'parameter' && b.kind === 'literal') return 1;
    if (a.kind === 'parameter' && b.kind === 'parameter') {
      if (a.constraints.length !== b.constraints.length) return b.constraints.length - a.constraints.length;
    } else if (a.kind === 'literal' && b.kind === 'literal') {
      // OrdinalIgnoreCase: code units of the upper-cased texts.
      const [p, q] = [a.text.toUpperCase(), b.text.toUpperCase()];
      if (p !== q) return p < q ? -1 : 1;
    }
  }
  return y.segments.length > x.segments.length ? 1 : 0;
}

/** Decodes one path segment as Kestrel does: every valid escape but %2F; a malformed one stays. */
function decodeSegment(raw: string): string {
  if (!raw.includes('%')) return raw;
  return raw.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) =>
    run
      .split(/(%2[Ff])/)
      .map((part) => {
        if (/^%2f$/i.test(part) || part === '') return part;
        try {
          return decodeURIComponent(part);
        } catch {
          return part; // not UTF-8: left as sent
        }
      })
      .join(''),
  );
}

/**
 * The request path as route matching sees it: segments decoded, dot segments removed, one
 * trailing slash ignored, and empty segments kept (so `//` matches no route, as in Azure).
 */
export function requestPathSegments(pathname: string): string[] {
  let path = pathname.startsWith('/') ? pathname.slice(1) : pathname;
  if (path.endsWith('/')) path = path.slice(0, -1);
  if (path === '') return [];
  const out: string[] = [];
  for (const raw of path.split('/')) {
    const seg = decodeSegment(raw);
    if (seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out;
}

/** Route values for a request path, or null when the template does not match it. */
export function matchRouteTemplate(template: RouteTemplate, path: readonly string[]): Record<string, string> | null {
  const values: Record<string, string> = {};
  const { segments } = template;
  if (path.length > segments.length) return null;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const part = path[i];
    if (s.kind === 'literal') {
      if (part === undefined || part.toLowerCase() !== s.text.toLowerCase()) return null;
      continue;
    }
    if (part === undefined || part === '') {
      if (!s.optional) return null;
      continue;
    }
    if (!s.constraints.every((c) => c.test(part))) return null;
    values[s.name] = part;
  }
  return values;
}

/**
 * The path as OpenAPI names it: `{name}` for each parameter. An optional parameter that can hold
 * nothing (`{ignored:maxlength(0)?}`, the host's way to serve the site root) is left out;
 * OpenAPI has no other optional path parameters, so those are refused.
 */
export function openApiPath(template: RouteTemplate): string {
  const parts: string[] = [];
  for (const s of template.segments) {
    if (s.kind === 'literal') parts.push(s.text);
    else if (!s.optional) parts.push(`{${s.name}}`);
    else if (s.constraints.some((c) => /^maxlength\(\s*0\s*\)$/i.test(c.text))) continue;
    else throw new RouteTemplateError(`${template.text}: OpenAPI cannot describe the optional parameter '${s.name}'`);
  }
  return `/${parts.join('/')}`;
}

/** The parameters OpenAPI lists for a path: every one that must be present. */
export function requiredParameters(template: RouteTemplate): string[] {
  return template.segments.flatMap((s) => (s.kind === 'parameter' && !s.optional ? [s.name] : []));
}
