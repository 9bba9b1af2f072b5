// How the VSIX is packaged, in one place for `npm run package`, the real-editor tests and `npm start`.
//
// The repository, issue tracker and home page live in package.json (`repository`, `bugs`, `homepage`);
// `node scripts/vsce.mjs --set-repository https://github.com/OWNER/REPO` sets all three. While the
// repository is the placeholder (example.invalid) or not on GitHub/GitLab, vsce cannot turn README's
// relative image links into URLs, so they stay relative (and do not render on the extension page);
// once a GitHub or GitLab repository is set, vsce points them at it (`raw/HEAD/docs/images/...`), and
// the screenshots render on the Marketplace and on the installed extension's page without being in
// the VSIX.
//
//   node scripts/vsce.mjs [--out FILE]                      package (default smtp-log-analyzer.vsix)
//   node scripts/vsce.mjs --set-repository URL              set repository, bugs and homepage
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Whether vsce can rewrite README's relative links from the repository (GitHub or GitLab). */
export function canRewriteLinks(pkg) {
  const url = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url ?? '';
  return /^(https:\/\/|git\+https:\/\/|git@)(github\.com|gitlab\.com)[/:]/.test(url);
}

/** The arguments of `vsce package` for the project at `root`, writing `out`. */
export function vsceArgs(root, out) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  return ['package', '--no-dependencies', ...(canRewriteLinks(pkg) ? [] : ['--no-rewrite-relative-links']), '-o', out];
}

/** `vsce package` of the project at `root` into `out`, exactly as it would ship (no npm dependencies: bundles). */
export function packageVsix(root, out, stdio = ['ignore', 'pipe', 'inherit']) {
  return execFileSync(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), ...vsceArgs(root, out)],
    { cwd: root, stdio, env: { ...process.env, npm_config_update_notifier: 'false' } });
}

function setRepository(url) {
  const base = url.replace(/\.git$/, '').replace(/\/$/, '');
  if (!/^https:\/\/[^\s/]+\/[^\s]+$/.test(base)) throw new Error(`not an https repository URL: ${url}`);
  const file = path.join(ROOT, 'package.json');
  let text = fs.readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  // edit the three values in place, so the rest of package.json keeps its layout
  text = text.replace(JSON.stringify(pkg.repository.url), JSON.stringify(`${base}.git`))
    .replace(JSON.stringify(pkg.bugs.url), JSON.stringify(`${base}/issues`))
    .replace(JSON.stringify(pkg.homepage), JSON.stringify(`${base}#readme`));
  fs.writeFileSync(file, text);
  console.log(`package.json: repository ${base}.git, bugs ${base}/issues, homepage ${base}#readme`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--set-repository');
  if (i >= 0) setRepository(args[i + 1] ?? '');
  else {
    const o = args.indexOf('--out');
    const out = path.resolve(o >= 0 ? args[o + 1] : path.join(ROOT, 'smtp-log-analyzer.vsix'));
    packageVsix(ROOT, out, 'inherit');
    console.log(`${path.relative(process.cwd(), out)}: ${(fs.statSync(out).size / 1024).toFixed(0)} KB`);
  }
}
