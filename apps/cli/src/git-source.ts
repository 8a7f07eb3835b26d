import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface GitPath {
  ref: string;
  path: string;
}

/**
 * `main:k8s` or `HEAD~1:deploy/app.yaml` (git's own `<rev>:<path>` syntax) when the argument is
 * not a file or directory that exists; undefined otherwise. As in git, the path is from the
 * repository's root, unless it starts with `./` or `../` (from the current directory); an empty
 * path is the whole tree.
 */
export function parseGitPath(arg: string, exists: (p: string) => boolean = existsSync): GitPath | undefined {
  if (exists(arg)) return undefined;
  const colon = arg.indexOf(':');
  // A drive letter (C:\…) is a path, not a ref.
  if (colon <= 0 || /^[A-Za-z]:[\\/]/.test(arg)) return undefined;
  return { ref: arg.slice(0, colon), path: arg.slice(colon + 1) };
}

export class GitReadError extends Error {}

const git = (args: string[], input?: string): Buffer => {
  try {
    return execFileSync('git', args, { input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string; code?: string };
    if (e.code === 'ENOENT') throw new GitReadError('git is not installed: a <ref>:<path> argument needs it');
    const reason = e.stderr?.toString('utf8').trim().split('\n')[0] || e.message;
    throw new GitReadError(reason);
  }
};

/**
 * The manifest files under a path at a git revision, with their text, read from the object store
 * (no checkout): one `ls-tree` and one `cat-file --batch` for all of them. Each is named
 * `<ref>:<path>`, the name git itself understands.
 */
export function readGitFiles(spec: GitPath, manifest: RegExp): { name: string; text: string }[] {
  // --full-name: the paths cat-file reads; `--` keeps a path from being taken for an option.
  const fromHere = spec.path === '.' || spec.path.startsWith('./') || spec.path.startsWith('../');
  const listed = git([
    'ls-tree',
    '-r',
    '-z',
    '--full-name',
    ...(fromHere ? [] : ['--full-tree']),
    '--name-only',
    spec.ref,
    '--',
    ...(spec.path ? [spec.path] : []),
  ])
    .toString('utf8')
    .split('\0')
    .filter((p) => p && manifest.test(p));
  // A path the revision does not hold lists nothing: a directory the change adds or removes.
  if (listed.length === 0) return [];
  const out = git(['cat-file', '--batch'], listed.map((p) => `${spec.ref}:${p}\n`).join(''));
  const files: { name: string; text: string }[] = [];
  let at = 0;
  for (const p of listed) {
    const eol = out.indexOf(0x0a, at);
    const header = out.toString('utf8', at, eol);
    const size = Number(/^\S+ blob (\d+)$/.exec(header)?.[1]);
    if (!Number.isFinite(size)) throw new GitReadError(`${spec.ref}:${p}: ${header}`);
    files.push({ name: `${spec.ref}:${p}`, text: out.toString('utf8', eol + 1, eol + 1 + size) });
    at = eol + 1 + size + 1;
  }
  return files;
}
