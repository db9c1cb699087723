/**
 * The GitHub Actions workflows: third-party actions pinned by commit SHA, no `${{ }}` expression
 * pasted into a shell script (values go through `env:`), and a smoke test after the prod deploy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './synth.js';

const dir = path.join(projectRoot, '.github', 'workflows');
const workflows = readdirSync(dir).filter((f) => f.endsWith('.yml')).map((f) => ({ file: f, text: readFileSync(path.join(dir, f), 'utf8') }));

/** The script of every `run:` step: an inline value, or the lines of a block scalar indented under it. */
function runScripts(text: string): string[] {
  const lines = text.split('\n');
  const scripts: string[] = [];
  lines.forEach((line, i) => {
    const match = /^(\s*)(?:- )?run:\s*(.*)$/.exec(line);
    if (!match) return;
    const indent = match[1].length;
    const body = [match[2]];
    if (/^[|>][-+]?\s*$/.test(match[2])) {
      for (const next of lines.slice(i + 1)) {
        if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
        body.push(next);
      }
    }
    scripts.push(body.join('\n'));
  });
  return scripts;
}

describe('GitHub Actions workflows', () => {
  it('finds the workflows and their scripts', () => {
    expect(workflows.map((w) => w.file).sort()).toEqual(['ci.yml', 'deploy.yml']);
    expect(runScripts(workflows.find((w) => w.file === 'deploy.yml')?.text ?? '').join('\n')).toContain('npx cdk deploy --all');
  });

  it('pins every third-party action by commit SHA', () => {
    for (const { file, text } of workflows) {
      const uses = [...text.matchAll(/^\s*(?:- )?uses:\s*(\S+)/gm)].map((m) => m[1]);
      expect(uses.length).toBeGreaterThan(0);
      for (const action of uses.filter((u) => !u.startsWith('./'))) expect({ file, action }).toEqual({ file, action: expect.stringMatching(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/) });
    }
  });

  it('never pastes an expression into a shell script (values go through env:)', () => {
    for (const { file, text } of workflows) {
      for (const script of runScripts(text)) expect({ file, script: script.includes('${{') }).toEqual({ file, script: false });
    }
  });

  it('the harness sees an expression in a block script', () => {
    expect(runScripts('    steps:\n      - run: |\n          echo ${{ vars.X }}\n      - uses: a/b@c\n').join()).toContain('${{ vars.X }}');
  });

  it('smoke-tests prod after deploying it, with the stack outputs', () => {
    const deploy = workflows.find((w) => w.file === 'deploy.yml')?.text ?? '';
    const prod = deploy.slice(deploy.indexOf('\n  prod:'));
    expect(prod.indexOf('npm run smoke')).toBeGreaterThan(prod.indexOf('npx cdk deploy'));
    expect(prod).toContain("ApiUrl' cdk-outputs.json");
    expect(prod).toMatch(/API_URL: \$\{\{ steps\.outputs\.outputs\.api_url \}\}/);
    expect(prod).toMatch(/ORIGIN_URL: \$\{\{ steps\.outputs\.outputs\.origin_url \}\}/);
    const smoke = readFileSync(path.join(projectRoot, 'scripts', 'smoke.sh'), 'utf8');
    expect(smoke).toContain('expect_status 403');
  });
});
