// The Functions programming model's HTTP types, for the modules that read requests and build
// answers (shared/http/). Types only, erased when compiled; apart from functions.ts, which imports
// shared/http/responses.ts to wrap every handler, so that responses.ts can name them without an
// import circle (issue 21).
export type { HttpMethod, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
