import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultTaxonomy, taxonomySchema } from '../../src/core/taxonomy';
import { describeSchemaError } from '../../src/core/schemaMessage';

test('the default taxonomy has the six traits in key order', () => {
  assert.deepEqual(
    defaultTaxonomy.traits.map((t) => t.id),
    ['truthfulness', 'epistemic_humility', 'corrigibility', 'reasoning_transparency', 'fairness', 'wellbeing'],
  );
  assert.ok(taxonomySchema.safeParse(defaultTaxonomy).success);
});

test('an invalid taxonomy gets a message a person understands', () => {
  const tooMany = taxonomySchema.safeParse({ traits: Array.from({ length: 10 }, (_, i) => ({ id: `t${i}`, label: `T${i}` })) });
  assert.ok(!tooMany.success);
  assert.match(describeSchemaError(tooMany.error, 'taxonomy'), /traits/);
  const badId = taxonomySchema.safeParse({ traits: [{ id: 'Not Snake', label: 'x' }] });
  assert.ok(!badId.success);
  assert.match(describeSchemaError(badId.error, 'taxonomy'), /traits\[0\]\.id/);
  const missing = taxonomySchema.safeParse({ traits: [{ id: 'ok' }] });
  assert.ok(!missing.success);
  assert.match(describeSchemaError(missing.error, 'taxonomy'), /`traits\[0\]\.label` is missing/);
});
