import type { z } from 'zod';

/** `baseline.messages[2].role` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

/** One short sentence for the first issue of a failed parse, e.g. "`baseline.model` is missing". */
export function describeSchemaError(error: z.ZodError, what = 'record'): string {
  const issue = error.issues[0];
  if (!issue) return `${what} does not match the schema`;
  const path = formatPath(issue.path);
  const subject = path ? `\`${path}\`` : `the ${what}`;
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  switch (issue.code) {
    case 'invalid_type': {
      const received = (issue as { input?: unknown }).input;
      if (received === undefined) return `${subject} is missing${more}`;
      return `${subject} must be ${article(issue.expected)}, not ${kindOf(received)}${more}`;
    }
    case 'invalid_value':
      return `${subject} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${more}`;
    case 'too_small':
      return `${subject} ${issue.origin === 'string' ? 'must not be empty' : `is too small (${issue.message})`}${more}`;
    case 'invalid_union':
      return `${subject} has an unexpected shape${more}`;
    default:
      return `${subject}: ${issue.message}${more}`;
  }
}

function article(expected: string): string {
  if (expected === 'array') return 'an array';
  if (expected === 'object') return 'an object';
  return `a ${expected}`;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}
