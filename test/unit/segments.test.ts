import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bidiMarks, segment } from '../../webview/segments';

test('segments cut at every mark boundary and list the covering marks (overlaps stack)', () => {
  const segs = segment(10, [
    { start: 2, end: 6, kind: 'span', id: 'a' },
    { start: 4, end: 8, kind: 'span', id: 'b' },
  ]);
  assert.deepEqual(
    segs.map((s) => [s.start, s.end, s.marks.map((m) => m.id).join('')]),
    [
      [0, 2, ''],
      [2, 4, 'a'],
      [4, 6, 'ab'],
      [6, 8, 'b'],
      [8, 10, ''],
    ],
  );
});

test('marks past the end are clipped; empty marks ignored', () => {
  assert.deepEqual(segment(3, [{ start: 1, end: 9, kind: 'diff' }, { start: 2, end: 2, kind: 'diff' }]).map((s) => [s.start, s.end, s.marks.length]), [
    [0, 1, 0],
    [1, 3, 1],
  ]);
});

test('bidi override characters are found so the view can neutralise them', () => {
  assert.deepEqual(bidiMarks('a\u202Eb\u2066c').map((m) => [m.start, m.title]), [
    [1, 'U+202E'],
    [3, 'U+2066'],
  ]);
});
