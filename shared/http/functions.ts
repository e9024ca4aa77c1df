// The Azure Functions adapter: the only module that imports @azure/functions. Each function file
// declares itself through `httpFunction`, which registers it with the Functions host when there is
// one and always records it, so the local host serves exactly the declarations Azure runs.
import { app, type HttpMethod, type HttpRequest, type HttpResponseInit, type InvocationContext } from '@azure/functions';
import { toErrorResponse, withStandardHeaders } from './responses';

export type { HttpRequest, HttpResponseInit, InvocationContext, HttpMethod };
export { HttpRequest as HttpRequestClass, InvocationContext as InvocationContextClass } from '@azure/functions';

export type HttpHandler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit>;

export interface HttpFunctionDeclaration {
  name: string;
  /** The route below the /api prefix, in the Functions host's syntax: `tickets/{number}`. */
  route: string;
  methods: HttpMethod[];
  /** `anonymous`: the function checks its own bearer tokens; `function`: the host's function key. */
  authLevel: 'anonymous' | 'function';
  handler: HttpHandler;
}

const declared: HttpFunctionDeclaration[] = [];

/**
 * True inside the Functions host (Azure or `func start`). The worker hands out this module from a
 * require hook, so it must be required (as @azure/functions itself does), not resolved on disk.
 */
function insideFunctionsHost(): boolean {
  try {
    require('@azure/functions-core');
    return true;
  } catch {
    return false;
  }
}

/** Every failure becomes the design's JSON error body; every response gets the API's headers. */
function guarded(handler: HttpHandler): HttpHandler {
  return async (request, context) => {
    try {
      return withStandardHeaders(await handler(request, context));
    } catch (err) {
      const response = toErrorResponse(err);
      if (response.status === 500) context.error(`${request.method} ${request.url} failed`, err);
      return withStandardHeaders(response);
    }
  };
}

export function httpFunction(declaration: HttpFunctionDeclaration): void {
  const wrapped = { ...declaration, handler: guarded(declaration.handler) };
  declared.push(wrapped);
  if (insideFunctionsHost()) {
    app.http(declaration.name, {
      route: declaration.route,
      methods: declaration.methods,
      authLevel: declaration.authLevel,
      handler: wrapped.handler,
    });
  }
}

export function declaredHttpFunctions(): readonly HttpFunctionDeclaration[] {
  return declared;
}
