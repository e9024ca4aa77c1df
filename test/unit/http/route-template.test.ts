// Route templates read and matched the way the Functions host does (ASP.NET Core routing), so
// that what the local host serves is what Azure serves. Each rule names where it comes from.
import {
  compareRouteTemplates,
  matchRouteTemplate,
  openApiPath,
  parseRouteTemplate,
  requestPathSegments,
  RouteTemplateError,
} from '../../../shared/http/route-template';

const route = (text: string, name = 'fn') => parseRouteTemplate(text, name);
const matches = (text: string, path: string) => matchRouteTemplate(route(text), requestPathSegments(path));

describe('an empty route', () => {
  // azure-functions-host WebScriptHostHttpRoutesManager: `if (string.IsNullOrEmpty(route)) route = function.Name;`
  test('is named after the function, so it does not serve the site root', () => {
    expect(route('', 'web-portal').text).toBe('web-portal');
    expect(matches('', '/')).toBeNull();
    expect(matchRouteTemplate(route('', 'web-portal'), requestPathSegments('/web-portal'))).toEqual({});
  });

  test('the site root is served by an optional parameter that can only be empty (Azure/Azure-Functions#2473)', () => {
    expect(matches('{ignored:maxlength(0)?}', '/')).toEqual({});
    expect(matches('{ignored:maxlength(0)?}', '/anything')).toBeNull();
    expect(openApiPath(route('{ignored:maxlength(0)?}'))).toBe('/');
  });
});

describe('constraints are honoured, not ignored (ASP.NET Core inline route constraints)', () => {
  test('int takes whole 32-bit numbers only', () => {
    expect(matches('api/tickets/{n:int}', '/api/tickets/123456')).toEqual({ n: '123456' });
    expect(matches('api/tickets/{n:int}', '/api/tickets/12a')).toBeNull();
    expect(matches('api/tickets/{n:int}', '/api/tickets/2147483648')).toBeNull();
  });

  test('lengths, ranges, alpha and guid', () => {
    expect(matches('x/{s:minlength(2):maxlength(3)}', '/x/ab')).toEqual({ s: 'ab' });
    expect(matches('x/{s:minlength(2):maxlength(3)}', '/x/abcd')).toBeNull();
    expect(matches('x/{s:length(2)}', '/x/a')).toBeNull();
    expect(matches('x/{n:range(1,5)}', '/x/5')).toEqual({ n: '5' });
    expect(matches('x/{n:range(1,5)}', '/x/6')).toBeNull();
    expect(matches('x/{s:alpha}', '/x/abc1')).toBeNull();
    expect(matches('x/{g:guid}', '/x/0f8fad5b-d9cb-469f-a165-70867728950e')).not.toBeNull();
    expect(matches('x/{g:guid}', '/x/not-a-guid')).toBeNull();
  });

  test('an unknown constraint is refused when the route is read, as the host refuses to index it', () => {
    expect(() => route('x/{s:colour}')).toThrow(RouteTemplateError);
  });
});

describe('request paths (Kestrel)', () => {
  test('an escaped slash stays encoded inside its segment', () => {
    expect(requestPathSegments('/api/files/a%2Fb')).toEqual(['api', 'files', 'a%2Fb']);
    expect(matches('api/files/{name}', '/api/files/a%2Fb')).toEqual({ name: 'a%2Fb' });
    expect(matches('api/files/{name}', '/api/files/caf%C3%A9%20menu')).toEqual({ name: 'café menu' });
  });

  test('a malformed escape is left as it was sent, never an exception', () => {
    expect(requestPathSegments('/api/tickets/%zz%E0%A4')).toEqual(['api', 'tickets', '%zz%E0%A4']);
  });

  test('`//` is not collapsed: an empty segment matches no literal and no parameter', () => {
    expect(matches('api/tickets', '/api//tickets')).toBeNull();
    expect(matches('api/{a}/x', '/api//x')).toBeNull();
  });

  test('one trailing slash is ignored and literals ignore case', () => {
    expect(matches('api/Tickets', '/API/tickets/')).toEqual({});
  });
});

describe('the order routes are tried in (WebJobsRouteBuilder.RouteComparison)', () => {
  const order = (...texts: string[]) =>
    texts
      .map((t) => route(t))
      .sort(compareRouteTemplates)
      .map((t) => t.text);

  test('a literal before a parameter, a constrained parameter before a free one, longer before its prefix', () => {
    expect(order('api/tickets/{number}', 'api/tickets/{n:int}', 'api/tickets/new', 'api/tickets', 'api/tickets/{number}/messages')).toEqual([
      'api/tickets/new',
      'api/tickets/{n:int}',
      'api/tickets/{number}/messages',
      'api/tickets/{number}',
      'api/tickets',
    ]);
  });
});

test('OpenAPI paths keep only the parameters that must be present', () => {
  expect(openApiPath(route('api/staff/tickets/{number}/attachments/{attachmentId}'))).toBe('/api/staff/tickets/{number}/attachments/{attachmentId}');
  expect(() => openApiPath(route('api/x/{y?}'))).toThrow(/optional parameter 'y'/);
});
