import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

// `npm test` runs each unit test file from a bundle (esbuild.mjs `unitTestTarget`), written
// elsewhere than its source: a test that finds its fixtures from its own folder must still find them.
const repoRoot = join(__dirname, '..', '..');

interface BuildConfig {
  unitTestTarget(entryPoints: string[], outdir: string): esbuild.BuildOptions;
}

test('a bundled test file and the modules it imports each see their own source location', async () => {
  const { unitTestTarget } = (await import(pathToFileURL(join(repoRoot, 'esbuild.mjs')).href)) as BuildConfig;
  const dir = mkdtempSync(join(tmpdir(), 'transcript-review-bundle-'));
  try {
    const src = join(dir, 'test', 'unit');
    mkdirSync(join(src, 'deeper'), { recursive: true });
    // `import.meta` spelt apart: this file is bundled too, and its own would be written in.
    const meta = ['import', 'meta'].join('.');
    writeFileSync(
      join(src, 'deeper', 'where.ts'),
      `export const where = { dirname: __dirname, filename: __filename, url: ${meta}.url, metaDirname: ${meta}.dirname };\n`,
    );
    writeFileSync(join(src, 'x.test.ts'), `import { where } from './deeper/where';\nconsole.log(JSON.stringify({ own: __dirname, ownUrl: ${meta}.url, where }));\n`);
    const out = join(dir, 'bundles');
    await esbuild.build({ ...unitTestTarget([join(src, 'x.test.ts')], out), absWorkingDir: repoRoot, logLevel: 'silent' });
    const seen = JSON.parse(execFileSync(process.execPath, [join(out, 'x.test.js')], { encoding: 'utf8' })) as Record<string, unknown>;
    const deeper = join(src, 'deeper');
    assert.deepEqual(seen, {
      own: src,
      ownUrl: pathToFileURL(join(src, 'x.test.ts')).href,
      where: { dirname: deeper, filename: join(deeper, 'where.ts'), url: pathToFileURL(join(deeper, 'where.ts')).href, metaDirname: deeper },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
