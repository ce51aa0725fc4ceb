import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { argumentsLayout, rawToShown, shownToRaw, type ArgumentsLayout } from '../../src/core/toolArguments';

/** The raw text a selection of `shown` maps to. */
function rawOf(l: ArgumentsLayout, shown: string, from = 0): string {
  const s = l.text.indexOf(shown, from);
  assert.ok(s >= 0, `${JSON.stringify(shown)} is shown in ${JSON.stringify(l.text)}`);
  const r = shownToRaw(l, s, s + shown.length);
  assert.ok(r, `${JSON.stringify(shown)} maps to raw text`);
  return l.raw.slice(r[0], r[1]);
}

test('a string argument is shown decoded; a selection maps back to its escapes', () => {
  const raw = String.raw`{"path": "src/a.py", "content": "def f():\n    return \"caf\u00e9\" # \ud83d\ude00\n"}`;
  const l = argumentsLayout(raw);
  assert.equal(l.text, 'path\nsrc/a.py\ncontent\ndef f():\n    return "café" # 😀\n\n');
  assert.deepEqual(l.entries?.map((e) => e.form), ['inline', 'block']);
  assert.equal(rawOf(l, 'src/a.py'), 'src/a.py');
  assert.equal(rawOf(l, '"café"'), String.raw`\"caf\u00e9\"`);
  assert.equal(rawOf(l, 'é'), String.raw`\u00e9`);
  assert.equal(rawOf(l, '😀'), String.raw`\ud83d\ude00`);
  assert.equal(rawOf(l, ':\n    return'), String.raw`:\n    return`);
  // Key and value together: the raw text between them comes along.
  assert.equal(rawOf(l, 'path\nsrc'), 'path": "src');
  // Half of a surrogate pair maps to its own escape.
  const e = l.text.indexOf('😀');
  assert.deepEqual(shownToRaw(l, e, e + 1)?.map((x) => x), [raw.indexOf(String.raw`\ud83d`), raw.indexOf(String.raw`\ude00`)]);
});

test('nested objects and arrays are indented JSON in the order written; a selection maps back exactly', () => {
  const raw = '{"opts":{"b":[1,{"x":"a\\ny"}],"a":true},"n":-1.5e+3,"z":null}';
  const l = argumentsLayout(raw);
  assert.equal(l.text, `opts\n${JSON.stringify({ b: [1, { x: 'a\ny' }], a: true }, null, 2)}\nn\n-1.5e+3\nz\nnull\n`);
  assert.deepEqual(l.entries?.map((e) => e.form), ['json', 'inline', 'inline']);
  assert.equal(rawOf(l, '"a\\ny"'), '"a\\ny"');
  assert.equal(rawOf(l, '\\n'), '\\n');
  assert.equal(rawOf(l, '{\n      "x"'), '{"x"');
  assert.equal(rawOf(l, '-1.5e+3'), '-1.5e+3');
  assert.deepEqual(l.tokens.filter((t) => t.kind === 'key').map((t) => l.text.slice(t.start, t.end)), ['opts', '"b"', '"x"', '"a"', 'n', 'z']);
});

test('members keep the order written, duplicates and number-like keys included', () => {
  const l = argumentsLayout('{"b":1,"10":2,"b":3}');
  assert.equal(l.text, 'b\n1\n10\n2\nb\n3\n');
});

test('arguments that are not a JSON object: other JSON is indented, non-JSON is shown as it is', () => {
  const arr = argumentsLayout('[1,"two"]');
  assert.equal(arr.text, '[\n  1,\n  "two"\n]');
  assert.equal(rawOf(arr, 'two'), 'two');
  assert.equal(argumentsLayout('{}').text, '{}');
  const bad = argumentsLayout('rm -rf tests/ {');
  assert.equal(bad.entries, null);
  assert.equal(bad.text, 'rm -rf tests/ {');
  assert.deepEqual(shownToRaw(bad, 3, 9), [3, 9]);
  assert.deepEqual(rawToShown(bad, 3, 9), [3, 9]);
  assert.equal(argumentsLayout('').text, '');
});

test('a selection of layout alone (line breaks, indentation) maps to nothing', () => {
  const l = argumentsLayout('{"a":[1, 2]}');
  const nl = l.text.indexOf('\n  ');
  assert.equal(shownToRaw(l, nl, nl + 3), undefined);
  assert.equal(shownToRaw(l, 2, 2), undefined);
});

/** Serialisations of the same value: compact, indented, every non-ASCII character escaped. */
const rawForms = [
  (v: unknown) => JSON.stringify(v),
  (v: unknown) => JSON.stringify(v, null, '\t'),
  (v: unknown) => JSON.stringify(v, null, 3).replace(/[^\x20-\x7e\n]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
];
const specialChars = fc.constantFrom('\n', '"', '\\', '/', '\t', '\u00e9', '😀', '\ud83d', '\u0001', '\u2028', 'a', ' ', '{', ':');
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ unit: specialChars, maxLength: 10 }));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(text.filter((k) => !/^\d+$/.test(k)), tie('value'), { maxKeys: 4 }),
})).value;
const argsCase = fc.tuple(fc.oneof(json, fc.dictionary(text.filter((k) => !/^\d+$/.test(k)), json, { minKeys: 1, maxKeys: 4 })), fc.nat(rawForms.length - 1));

test('property: the runs tile both texts in order, and every selection maps to a raw range that maps back', () => {
  fc.assert(
    fc.property(argsCase, fc.nat(), fc.nat(), ([v, form], x, y) => {
      const raw = rawForms[form]!(v);
      const l = argumentsLayout(raw);
      let ps = 0;
      let rs = 0;
      for (let i = 0; i < l.runs.length; i += 4) {
        const [a, b, c, d] = [l.runs[i]!, l.runs[i + 1]!, l.runs[i + 2]!, l.runs[i + 3]!];
        assert.ok(a >= ps && b > a && c >= rs && d > c && b <= l.text.length && d <= raw.length);
        // Between runs: layout on the shown side; whitespace, or the quotes and punctuation a member list does not show, on the raw side.
        assert.match(l.text.slice(ps, a), /^[ \n]*$/);
        assert.match(raw.slice(rs, c), /^[ \t\n\r{}:,"]*$/);
        [ps, rs] = [b, d];
      }
      if (!l.text.length) return;
      const s = x % l.text.length;
      const e = s + 1 + (y % (l.text.length - s));
      const r = shownToRaw(l, s, e);
      if (!r) {
        assert.match(l.text.slice(s, e), /^[ \n]+$/);
        return;
      }
      assert.ok(0 <= r[0] && r[0] < r[1] && r[1] <= raw.length);
      const back = rawToShown(l, r[0], r[1]);
      assert.ok(back && back[0] <= e && back[1] >= s);
      assert.deepEqual(shownToRaw(l, back[0], back[1]), r);
    }),
    { numRuns: 400 },
  );
});

test('property: a selection in a shown string is exactly its raw escapes decoded; a whole value parses to that value', () => {
  fc.assert(
    fc.property(fc.dictionary(text, json, { minKeys: 1, maxKeys: 4 }), fc.nat(rawForms.length - 1), fc.nat(), fc.nat(), (v, form, x, y) => {
      const raw = rawForms[form]!(v);
      const l = argumentsLayout(raw);
      const values = Object.values(JSON.parse(raw) as Record<string, unknown>);
      // Keys with digits only are read first by JSON.parse; the view keeps the order written.
      if (Object.keys(v).some((k) => /^\d+$/.test(k))) return;
      assert.equal(l.entries?.length, values.length);
      l.entries!.forEach((entry, i) => {
        const [vs, ve] = entry.value;
        const value = values[i];
        if (typeof value === 'string') {
          assert.equal(l.text.slice(vs, ve), value);
          if (!value.length) return;
          const s = vs + (x % value.length);
          const e = s + 1 + (y % (ve - s));
          const r = shownToRaw(l, s, e)!;
          assert.equal(JSON.parse(`"${raw.slice(r[0], r[1])}"`), l.text.slice(s, e));
        } else {
          const r = shownToRaw(l, vs, ve)!;
          assert.deepEqual(JSON.parse(raw.slice(r[0], r[1])), value);
          if (entry.form === 'json') assert.equal(l.text.slice(vs, ve), JSON.stringify(value, null, 2));
        }
        const [ks, ke] = entry.key!;
        const kr = shownToRaw(l, ks, ke);
        if (ke > ks) assert.equal(JSON.parse(`"${raw.slice(kr![0], kr![1])}"`), l.text.slice(ks, ke));
      });
    }),
    { numRuns: 400 },
  );
});

test('property: a string token of indented JSON is what JSON.stringify writes for the raw literal it maps to', () => {
  fc.assert(
    fc.property(fc.array(json, { minLength: 1, maxLength: 4 }), fc.nat(rawForms.length - 1), (v, form) => {
      const raw = rawForms[form]!(v);
      const l = argumentsLayout(raw);
      assert.equal(l.text, JSON.stringify(JSON.parse(raw), null, 2));
      for (const t of l.tokens) {
        if (t.kind !== 'string' && t.kind !== 'key') continue;
        const r = shownToRaw(l, t.start, t.end)!;
        assert.equal(JSON.stringify(JSON.parse(raw.slice(r[0], r[1]))), l.text.slice(t.start, t.end));
      }
    }),
    { numRuns: 300 },
  );
});
