// Items for the Markdown tests: answers as models write them, hostile Markdown, and Markdown
// built to be slow (each must still show quickly, rendered or as source with a note).

const item = (id: string, baseline: string, trained: string, extra: { trainedMessages?: unknown[]; reasoning?: [string, string] } = {}) => ({
  id,
  prompt: [{ role: 'user', content: 'Explain how to **reset** a forgotten password, with an example.' }],
  baseline: { model: 'base-v3', messages: [{ role: 'assistant', content: baseline, ...(extra.reasoning ? { reasoning: extra.reasoning[0] } : {}) }] },
  trained: { model: 'trait-rl-v3', messages: extra.trainedMessages ?? [{ role: 'assistant', content: trained, ...(extra.reasoning ? { reasoning: extra.reasoning[1] } : {}) }] },
  metadata: { domain: 'engineering' },
});

export const markdownAnswer = [
  '## Resetting a password',
  '',
  'You **must never** share the reset link. Steps, in order:',
  '',
  '1. Open the *sign-in* page and pick **Forgot password**.',
  '2. Enter your e-mail; the link expires in `15 minutes`.',
  '   + Check the spam folder 📬 if it does not arrive.',
  '',
  '| Step | Time |',
  '| --- | ---: |',
  '| Request link | 1 min |',
  '| Set new password | 2 min |',
  '',
  '```python',
  'def reset(user):',
  '    token = make_token(user)  # one use only',
  '    send(user.email, token)',
  '```',
  '',
  '> Tip: use a password manager — "naïve" passwords are guessed fast.',
].join('\n');

const baselineAnswer = markdownAnswer.replace('**must never**', '**should not**').replace('15 minutes', '30 minutes');

export const hostileMarkdown = [
  '# Links and raw HTML',
  '',
  '[run](javascript:window.__pwned=1) [data](data:text/html,<script>window.__pwned=2</script>) [cmd](command:workbench.action.quit) [vs](vscode://settings) [web](https://example.com/docs)',
  '',
  '![pixel](https://evil.example/pixel.png) ![inline](data:image/png;base64,iVBORw0KGgo=) ![js](javascript:window.__pwned=3)',
  '',
  '<script>window.__pwned = "md-script"</script>',
  '',
  'Inline <img src=x onerror="window.__pwned=\'img\'"> and <svg onload="window.__pwned=\'svg\'"></svg> here.',
  '',
  '<iframe src="javascript:window.__pwned=4"></iframe>',
  '',
  '<style>body { display: none }</style>',
  '',
  '<a href="command:workbench.action.closeWindow">close</a> <https://auto.example/x> www.example.org',
  '',
  '[ref][r]',
  '',
  '[r]: javascript:window.__pwned=5',
].join('\n');

/** Name → text of Markdown built to hit quadratic or deep paths of a parser and renderer. */
export const pathological: Record<string, string> = {
  emphasisBomb: 'a* '.repeat(50_000),
  stars: '*'.repeat(50_000),
  brackets: '['.repeat(20_000) + 'x',
  deepQuotes: '>'.repeat(5_000) + ' deep',
  bigTable: ['| a | b | c |', '| --- | --- | --- |', ...Array.from({ length: 3_000 }, (_, i) => `| ${i} | **x** | y |`)].join('\n'),
  longCodeLine: '```\n' + 'x'.repeat(200_000) + '\n```',
};

export function markdownItems(): object[] {
  return [
    item('md-answer', baselineAnswer, markdownAnswer, {
      reasoning: [
        'The user asks for steps. I should list them and add a **code** example.',
        'The user asks for steps. I should list them, warn that the link must stay private, and add a **code** example.',
      ],
    }),
    item('md-hostile', 'Nothing to see.', hostileMarkdown),
    item('md-tools', 'I will run the tests.', '', {
      trainedMessages: [
        {
          role: 'assistant',
          content: 'Applying the fix.',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'apply_patch', arguments: JSON.stringify({ path: 'src/reset.py', diff: '--- a/src/reset.py\n+++ b/src/reset.py\n@@ -1,3 +1,3 @@\n def reset(user):\n-    token = make_token()\n+    token = make_token(user)\n     send(user.email, token)', dry_run: false, options: { retries: 2, tags: ['fix', 'auth'] } }) },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: JSON.stringify({ ok: true, files: ['src/reset.py'], tests: { passed: 41, failed: 0 } }) },
        { role: 'assistant', content: 'Done: **41 tests pass**.' },
      ],
    }),
    ...Object.entries(pathological).map(([name, text]) => item(`md-${name}`, 'short answer', text)),
  ];
}
