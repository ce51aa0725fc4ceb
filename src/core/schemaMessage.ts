import { z } from 'zod';

/** `baseline.messages[2].role` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

export interface DescribeOptions {
  /** The schema that failed: lets the message say what was expected ("an object with `model` and `messages`"). */
  schema?: z.ZodType;
  /** The value that failed: lets the message say what was found ("not a string"). */
  input?: unknown;
}

type Issue = z.core.$ZodIssue;

/**
 * One short sentence for the first issue of a failed parse, e.g. "`baseline` must be an object
 * with `model` and `messages`, not a string". With the schema and input it names the fields an
 * object needs and the kind of value found; without them it falls back to zod's own words.
 */
export function describeSchemaError(error: z.ZodError, what = 'record', options: DescribeOptions = {}): string {
  const first = error.issues[0];
  if (!first) return `the ${what} does not match the schema`;
  // Several fields missing from one object read better as one sentence than as "(and 3 more)".
  const missing = missingSiblings(error.issues, options.input);
  const used = missing ? missing.keys.length : 1;
  const rest = error.issues.length - used;
  const more = rest > 0 ? ` (and ${rest} more problem${rest > 1 ? 's' : ''})` : '';
  if (missing) {
    const subject = missing.parent.length ? `\`${formatPath(missing.parent)}\`` : `the ${what}`;
    return `${subject} is missing ${listJoin(missing.keys.map((k) => `\`${k}\``), 'and')}${more}`;
  }
  return describeIssue(first, [], what, options) + more;
}

/** The leading issues that are fields missing from the same object, when there are two or more. */
function missingSiblings(issues: readonly Issue[], input: unknown): { parent: PropertyKey[]; keys: string[] } | undefined {
  if (input === undefined) return undefined;
  const isMissing = (i: Issue) => i.code === 'invalid_type' && typeof i.path[i.path.length - 1] === 'string' && valueAt(input, i.path).known && (valueAt(input, i.path) as { value: unknown }).value === undefined;
  const first = issues[0];
  if (!first || !isMissing(first)) return undefined;
  const parent = first.path.slice(0, -1);
  const same = (i: Issue) => i.path.length === first.path.length && parent.every((p, k) => i.path[k] === p);
  const keys: string[] = [];
  for (const i of issues) {
    if (!isMissing(i) || !same(i)) break;
    keys.push(String(i.path[i.path.length - 1]));
  }
  return keys.length >= 2 ? { parent, keys } : undefined;
}

function describeIssue(issue: Issue, prefix: readonly PropertyKey[], what: string, options: DescribeOptions): string {
  const path = [...prefix, ...issue.path];
  const subject = path.length ? `\`${formatPath(path)}\`` : `the ${what}`;
  const schema = options.schema ? schemaAt(options.schema, path) : undefined;
  const found = options.input === undefined ? { known: false as const } : valueAt(options.input, path);
  const expected = schema ? describeSchema(schema) : undefined;
  switch (issue.code) {
    case 'invalid_type': {
      const received = found.known ? found.value : (issue as { input?: unknown }).input;
      if (received === undefined && (found.known || !('input' in issue))) {
        return expected && path.length ? `${subject} is missing (it must be ${expected})` : `${subject} is missing`;
      }
      return `${subject} must be ${expected ?? article(issue.expected)}, not ${kindOf(received)}`;
    }
    case 'invalid_value': {
      const got = found.known ? `, not ${JSON.stringify(found.value)}` : '';
      if (issue.values.length === 1) return `${subject} must be ${JSON.stringify(issue.values[0])}${got}`;
      return `${subject} must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    }
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${subject} must not be empty`;
      if (issue.origin === 'array' && Number(issue.minimum) === 1) return `${subject} must not be empty (at least one entry)`;
      return `${subject} is too small (${issue.message})`;
    case 'invalid_union': {
      // The option that got furthest into the value explains best what is wrong with it.
      const deepest = issue.errors
        .map((list) => list[0])
        .filter((i): i is Issue => i !== undefined)
        .sort((x, y) => y.path.length - x.path.length)[0];
      if (deepest && deepest.path.length > 0) return describeIssue(deepest, path, what, options);
      const received = found.known ? `, not ${kindOf(found.value)}` : '';
      return `${subject} must be ${expected ?? 'of another shape'}${received}`;
    }
    case 'custom':
      return `${subject} ${issue.message}`;
    default:
      return `${subject}: ${issue.message}`;
  }
}

/** The schema that validates the value at `path`, looking through optional, nullable and union wrappers. */
function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = schema;
  for (const key of path) {
    s = s && unwrap(s);
    if (!s) return undefined;
    if (s instanceof z.ZodObject && typeof key === 'string') s = (s.shape as Record<string, z.ZodType>)[key];
    else if (s instanceof z.ZodArray && typeof key === 'number') s = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord && typeof key === 'string') s = s.valueType as z.ZodType;
    else if (s instanceof z.ZodUnion) s = (s.options as z.ZodType[]).map((o) => schemaAt(o, [key])).find((o) => o !== undefined);
    else return undefined;
  }
  return s;
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  while (cur instanceof z.ZodOptional || cur instanceof z.ZodNullable || cur instanceof z.ZodDefault) cur = cur.unwrap() as z.ZodType;
  return cur;
}

/** "an object with `model` and `messages`", "an array of objects with `role`", "a string or null". */
export function describeSchema(schema: z.ZodType, plural = false): string {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) return describeSchema(schema.unwrap() as z.ZodType, plural);
  if (schema instanceof z.ZodNullable) return `${describeSchema(schema.unwrap() as z.ZodType, plural)} or null`;
  if (schema instanceof z.ZodObject) {
    const required = Object.entries(schema.shape as Record<string, z.ZodType>)
      .filter(([, v]) => v._zod.optin !== 'optional')
      .map(([k]) => `\`${k}\``);
    const noun = plural ? 'objects' : 'an object';
    return required.length ? `${noun} with ${listJoin(required, 'and')}` : noun;
  }
  if (schema instanceof z.ZodArray) return `${plural ? 'arrays' : 'an array'} of ${describeSchema(schema.element as z.ZodType, true)}`;
  if (schema instanceof z.ZodRecord) return `${plural ? 'objects' : 'an object'} of ${describeSchema(schema.valueType as z.ZodType, true)}`;
  if (schema instanceof z.ZodUnion) return listJoin((schema.options as z.ZodType[]).map((o) => describeSchema(o, plural)), 'or');
  if (schema instanceof z.ZodEnum) return `one of ${(schema.options as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (schema instanceof z.ZodLiteral) return listJoin([...schema.values].map((v) => JSON.stringify(v)), 'or');
  if (schema instanceof z.ZodString) return plural ? 'strings' : 'a string';
  if (schema instanceof z.ZodNumber) return plural ? 'numbers' : 'a number';
  if (schema instanceof z.ZodBoolean) return plural ? 'booleans' : 'a boolean';
  if (schema instanceof z.ZodNull) return 'null';
  return plural ? 'values of another shape' : 'a value of another shape';
}

function listJoin(items: string[], word: 'and' | 'or'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}

/** The value at `path` in `input`, or unknown when the path leaves the value (own properties only). */
function valueAt(input: unknown, path: readonly PropertyKey[]): { known: true; value: unknown } | { known: false } {
  let v: unknown = input;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return { known: false };
    if (!Object.prototype.hasOwnProperty.call(v, key)) return { known: true, value: undefined };
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return { known: true, value: v };
}

function article(expected: string): string {
  if (expected === 'array') return 'an array';
  if (expected === 'object') return 'an object';
  return `a ${expected}`;
}

/** "a string", "an array", "null", "an object": what was found, as people say it. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return v.length > 24 ? 'a string' : `the string ${JSON.stringify(v)}`;
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v === 'number' ? 'the number' : ''} ${String(v)}`.trim();
  return `a ${typeof v}`;
}
