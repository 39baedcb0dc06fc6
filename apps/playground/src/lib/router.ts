import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './http.js';

/** Per-request context handed to route handlers. */
export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** The route pattern that matched, e.g. `POST /api/movement/road/v2/transport`. */
  endpoint: string;
}

export type RouteHandler = (ctx: RouteContext) => Promise<Reply> | Reply;

interface Route {
  method: string;
  pattern: string;
  segments: string[];
  handler: RouteHandler;
}

/** A tiny exact-segment router: `/a/:id/b` patterns, no wildcards, no regexes. */
export class Router {
  /** Routes by segment count (only those can match a path), each list in the order they were added. */
  readonly #routesByLength = new Map<number, Route[]>();

  add(method: string, pattern: string, handler: RouteHandler): this {
    const segments = split(pattern);
    const routes = this.#routesByLength.get(segments.length);
    if (routes === undefined) this.#routesByLength.set(segments.length, [{ method, pattern, segments, handler }]);
    else routes.push({ method, pattern, segments, handler });
    return this;
  }

  /** Finds the route for a method and path; `allowed` lists methods that match the path with another verb. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } {
    const parts = split(path);
    const allowed: string[] = [];
    for (const route of this.#routesByLength.get(parts.length) ?? []) {
      const params = matchSegments(route.segments, parts);
      if (params === undefined) continue;
      if (route.method === method) return { route, params };
      allowed.push(route.method);
    }
    return { allowed };
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  // The literal segments first: most routes differ there, and nothing is decoded or allocated for them.
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    if (!p.startsWith(':') && p !== parts[i]) return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) {
      try {
        params[p.slice(1)] = decodeURIComponent(v);
      } catch {
        return undefined;
      }
    } else if (p !== v) return undefined;
  }
  return params;
}
