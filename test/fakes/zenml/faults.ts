/** Fault injection for the fake ZenML server: Nth-request failures and lost responses. */
import { STATUS_CODES } from 'node:http';
import type { Reply } from './http.ts';

/** Selects requests by method (any case) and a RegExp tested against the decoded path. */
export interface RequestMatcher {
  method?: string;
  path?: RegExp;
}

/** The Nth matching request (counted from now, 1 = the next) is answered with `status` and not applied. */
export interface FailRule extends RequestMatcher {
  n: number;
  status: number;
  /** Raw body text, or a value sent as JSON. Default: uvicorn's text for 500, `{"detail":"<status> <reason>"}` otherwise. */
  body?: string | object;
  /** Content type for a string body (default `application/json`). */
  contentType?: string;
  /** Answer with an nginx-style HTML error page instead (a proxy's 502/504). */
  html?: boolean;
  headers?: Record<string, string>;
}

/** Whether a request matches. */
export function matchesRequest(rule: RequestMatcher, method: string, path: string): boolean {
  return (rule.method === undefined || rule.method.toUpperCase() === method) && (rule.path === undefined || rule.path.test(path));
}

/** Builds the reply of a fired fail rule. */
export function faultReply(rule: FailRule): Reply {
  const reason = STATUS_CODES[rule.status] ?? 'Error';
  const headers = rule.headers ?? {};
  if (rule.html) {
    const title = `${rule.status} ${reason}`;
    const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    return { status: rule.status, body, contentType: 'text/html', headers };
  }
  if (typeof rule.body === 'string') {
    return { status: rule.status, body: rule.body, contentType: rule.contentType ?? 'application/json', headers };
  }
  if (rule.body !== undefined) return { status: rule.status, body: JSON.stringify(rule.body), contentType: 'application/json', headers };
  if (rule.status === 500) return { status: 500, body: 'Internal Server Error', contentType: 'text/plain; charset=utf-8', headers };
  return { status: rule.status, body: JSON.stringify({ detail: `${rule.status} ${reason}` }), contentType: 'application/json', headers };
}

/** Pending fail rules with their remaining counts, plus pending lose rules. */
export class FaultPlan {
  private fails: { rule: FailRule; remaining: number }[] = [];
  private loses: RequestMatcher[] = [];

  /** Registers a fail rule. */
  addFail(rule: FailRule): void {
    if (!Number.isInteger(rule.n) || rule.n < 1) throw new Error(`failNth: n must be a positive integer, got ${rule.n}`);
    this.fails.push({ rule, remaining: rule.n });
  }

  /** Registers a lose rule (one-shot). */
  addLose(rule: RequestMatcher): void {
    this.loses.push(rule);
  }

  /** Counts the request against every matching fail rule; returns the first rule that fires. */
  takeFail(method: string, path: string): FailRule | undefined {
    let fired: FailRule | undefined;
    for (const entry of this.fails) {
      if (!matchesRequest(entry.rule, method, path)) continue;
      entry.remaining -= 1;
      if (entry.remaining === 0 && fired === undefined) fired = entry.rule;
    }
    this.fails = this.fails.filter((entry) => entry.remaining > 0);
    return fired;
  }

  /** Consumes the first lose rule matching the request, if any. */
  takeLose(method: string, path: string): boolean {
    const index = this.loses.findIndex((rule) => matchesRequest(rule, method, path));
    if (index < 0) return false;
    this.loses.splice(index, 1);
    return true;
  }

  /** Drops every pending rule. */
  clear(): void {
    this.fails = [];
    this.loses = [];
  }
}
