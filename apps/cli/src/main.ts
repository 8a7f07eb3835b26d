/**
 * kubeward scan -f <file|dir|->... | --kubeconfig <path>
 *   [--format table|json|sarif|junit|markdown] [--color|--no-color] [--fail-on <severity>] [--rules a,b] [--skip-rules c] [--trusted-registry r]
 *   [--framework <id>]
 * kubeward diff <before> <after> [--format table|json|markdown] [--fail-on <severity>]
 *   (each side a file, a directory or <git-ref>:<path>)
 * kubeward who-can <verb> <resource> [-n ns] [--api-group g] | --subject <Kind:name>
 *   -f <file|dir|->... | --kubeconfig <path> [--format table|json]
 *
 * Exit codes: 0 clean; 1 a finding reached --fail-on; 2 bad usage (an unknown rule id among
 * them), input that could not be read or parsed (even when there are findings: the scan is
 * partial), or no Kubernetes object at all (unless --allow-empty). Documents that are not
 * Kubernetes objects (workflows, Chart.yaml, values) are skipped and said so, in every format.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import {
  AccessQuestionError,
  FRAMEWORKS,
  FRAMEWORKS_BY_ID,
  parseAccess,
  parseSubject,
  type Access,
} from '@kubeward/rules';
import type { Subject } from '@kubeward/snapshot';
import { diffExitCode, diffManifests, formatDiffJson, formatDiffMarkdown, formatDiffTable } from './diff';
import { formatJunit, formatScanMarkdown } from './ci-formats';
import { ansi, colourEnabled, plain } from './colour';
import { formatControls, formatJson, formatSarif, formatTable } from './format';
import { GitReadError, parseGitPath, readGitFiles } from './git-source';
import { expandPaths, MANIFEST, readManifests, readTexts } from './read-manifests';
import { unknownRuleOptions } from './rule-ids';
import {
  acceptedReason,
  evaluateSnapshot,
  exitCodeFor,
  manifestSnapshot,
  parseSeverity,
  type ScanReport,
} from './scan';
import { VERSION } from './version';
import { formatSubject, formatWhoCan, parseSubjectArg } from './who-can';

const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** The snapshot to judge: manifests read from files and stdin, or a live cluster listed by the agent's collector. */
async function readInput(
  opts: { file?: string[]; kubeconfig?: string; allowEmpty?: boolean },
  now: string,
): Promise<Omit<ScanReport, 'result'>> {
  if (opts.kubeconfig) return (await import('./live-cluster.js')).clusterInput(opts.kubeconfig, now);
  const { files, problems } = expandPaths(opts.file!);
  const read = readManifests(files, () => readFileSync(0, 'utf8'));
  // Nothing to judge is an error in CI (a failed `helm template` must not pass), unless asked for.
  if (read.objects.length === 0 && !opts.allowEmpty) {
    const where = files.length === 1 ? (files[0] === '-' ? '<stdin>' : files[0]!) : `${files.length} files`;
    problems.push({
      file: where,
      message: 'no Kubernetes object found (pass --allow-empty if an empty input is expected)',
    });
  }
  return manifestSnapshot(read.objects, [...problems, ...read.problems], read.skipped, now);
}

/**
 * One side of a diff: a file or directory, or `<ref>:<path>` read from git (no checkout). Either
 * side may hold nothing: a change that adds or removes everything.
 */
async function readSide(arg: string, now: string): Promise<Omit<ScanReport, 'result'>> {
  const spec = parseGitPath(arg);
  if (!spec) return readInput({ file: [arg], allowEmpty: true }, now);
  try {
    const read = readTexts(readGitFiles(spec, MANIFEST));
    return manifestSnapshot(read.objects, read.problems, read.skipped, now);
  } catch (err) {
    if (!(err instanceof GitReadError)) throw err;
    return manifestSnapshot([], [{ file: arg, message: err.message }], [], now);
  }
}

export async function run(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void; isTTY?: boolean } = {
    out: (s: string) => process.stdout.write(s),
    err: (s: string) => process.stderr.write(s),
    isTTY: process.stdout.isTTY,
  },
): Promise<number> {
  const program = new Command('kubeward')
    .version(VERSION, '-V, --version', 'print the version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  let code = 0;
  program
    .command('scan')
    .description('Scan manifests (-f) or a live cluster (--kubeconfig) with the Kubeward rules.')
    .addHelpText(
      'after',
      `
Examples:
  kubeward scan -f k8s/ --fail-on high                 files and directories of YAML or JSON
  helm template my-chart | kubeward scan -f - --format sarif > kubeward.sarif
  kubeward scan -f k8s/ --rules privileged-container,host-path-volume
  kubeward scan --kubeconfig ~/.kube/config --framework cis-1.10

Exit codes: 0 clean; 1 a finding at or above --fail-on; 2 a usage or input error (an unknown rule
id, a file that cannot be read or parsed, no Kubernetes object unless --allow-empty).`,
    )
    .option(
      '-f, --file <path...>',
      'files or directories of YAML/JSON manifests; - for stdin (e.g. helm template … | kubeward scan -f -)',
    )
    .option('--kubeconfig <path>', 'scan the live cluster of this kubeconfig (read-only, never reads Secrets)')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'sarif', 'junit', 'markdown'])
        .default('table'),
    )
    .option('--fail-on <severity>', 'exit 1 when a finding is at least this severe (info, low, medium, high, critical)')
    .option('--rules <ids>', 'only these rule ids (comma-separated)', list)
    .option('--skip-rules <ids>', 'skip these rule ids (comma-separated)', list)
    .option('--allow-empty', 'exit 0 rather than 2 when the input holds no Kubernetes object')
    .option('--color', 'colour the table even when not on a terminal')
    .option('--no-color', 'never colour the table (as does NO_COLOR=1)')
    .option(
      '--trusted-registry <registry>',
      'a trusted registry (repeatable); enables image-from-untrusted-registry',
      (v: string, p: string[] = []) => [...p, v],
    )
    .option(
      '--framework <id>',
      `print the framework's control table instead of the findings (${FRAMEWORKS.map((f) => f.id).join(', ')})`,
    )
    .action(
      async (opts: {
        file?: string[];
        kubeconfig?: string;
        format: string;
        failOn?: string;
        rules?: string[];
        skipRules?: string[];
        trustedRegistry?: string[];
        framework?: string;
        allowEmpty?: boolean;
        color?: boolean;
      }) => {
        if (!opts.file && !opts.kubeconfig) {
          io.err('kubeward scan: give manifests with -f <file|dir|-> or a cluster with --kubeconfig <path>\n');
          code = 2;
          return;
        }
        const framework = opts.framework === undefined ? undefined : FRAMEWORKS_BY_ID.get(opts.framework);
        if (opts.framework !== undefined && !framework) {
          io.err(
            `kubeward scan: unknown framework "${opts.framework}"; one of ${FRAMEWORKS.map((f) => f.id).join(', ')}\n`,
          );
          code = 2;
          return;
        }
        const unknown = unknownRuleOptions(opts);
        if (unknown) {
          io.err(`${unknown.replace(/^/gm, 'kubeward scan: ')}\n`);
          code = 2;
          return;
        }
        const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
        const options = {
          now: new Date().toISOString(),
          include: opts.rules,
          exclude: opts.skipRules,
          trustedRegistries: opts.trustedRegistry,
        };
        const input = await readInput(opts, options.now);
        const report: ScanReport = {
          ...input,
          result: evaluateSnapshot(input.snapshot, options),
          asked: opts.rules !== undefined,
        };
        for (const p of report.problems)
          io.err(`kubeward scan: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
        for (const p of report.skipped)
          io.err(`kubeward scan: ${p.file}${p.line ? `:${p.line}` : ''}: skipped: ${p.message}\n`);
        const paint = colourEnabled(opts.color, process.env, io.isTTY) ? ansi : plain;
        const formats: Record<string, () => string> = {
          json: () => formatJson(report, framework),
          sarif: () => formatSarif(report),
          junit: () => formatJunit(report, failOn),
          markdown: () => formatScanMarkdown(report),
          table: () => (framework ? formatControls(report, framework) : formatTable(report, paint)),
        };
        io.out(`${formats[opts.format]!()}\n`);
        // An input error outranks findings: a scan that could not read everything has not passed or failed.
        // Accepted risks (kubeward.io/ignore) are reported, and never fail the build.
        const open = report.result.findings.filter((f) => !acceptedReason(report, f));
        code = report.problems.length > 0 ? 2 : exitCodeFor(open, failOn);
      },
    );
  program
    .command('diff')
    .description(
      'What a change to manifests opens and resolves, each opened finding with the fields that changed: ' +
        'kubeward diff <before> <after> (files or directories, or <git-ref>:<path> such as origin/main:k8s)',
    )
    .argument('<before>', 'the manifests before the change: a file, a directory or <git-ref>:<path>')
    .argument('<after>', 'the manifests after it, the same way')
    .addHelpText(
      'after',
      `
Examples:
  kubeward diff origin/main:k8s k8s/ --format markdown --fail-on high   a pull request against its base
  kubeward diff HEAD~1:deploy HEAD:deploy                                the last commit
  kubeward diff old/ new/ --format json                                  two directories

Exit codes: 0 nothing at or above --fail-on opened; 1 something did; 2 a usage or input error.`,
    )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown']).default('table'))
    .option('--fail-on <severity>', 'exit 1 when a finding at least this severe opens')
    .option('--rules <ids>', 'only these rule ids (comma-separated)', list)
    .option('--skip-rules <ids>', 'skip these rule ids (comma-separated)', list)
    .option('--trusted-registry <registry>', 'a trusted registry (repeatable)', (v: string, p: string[] = []) => [
      ...p,
      v,
    ])
    .action(
      async (
        before: string,
        after: string,
        opts: { format: string; failOn?: string; rules?: string[]; skipRules?: string[]; trustedRegistry?: string[] },
      ) => {
        const unknown = unknownRuleOptions(opts);
        if (unknown) {
          io.err(`${unknown.replace(/^/gm, 'kubeward diff: ')}\n`);
          code = 2;
          return;
        }
        const failOn = opts.failOn ? parseSeverity(opts.failOn) : undefined;
        const now = new Date().toISOString();
        const [old, current] = await Promise.all([readSide(before, now), readSide(after, now)]);
        const result = diffManifests(old, current, {
          now,
          include: opts.rules,
          exclude: opts.skipRules,
          trustedRegistries: opts.trustedRegistry,
        });
        const problems = [...old.problems, ...current.problems];
        for (const p of problems) io.err(`kubeward diff: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
        io.out(
          `${opts.format === 'json' ? formatDiffJson(result) : opts.format === 'markdown' ? formatDiffMarkdown(result) : formatDiffTable(result)}\n`,
        );
        code = problems.length > 0 ? 2 : diffExitCode(result, failOn);
      },
    );
  program
    .command('who-can')
    .description(
      'Who may do <verb> on <resource> (who-can create pods/exec -n shop), or everything one subject may do (--subject), ' +
        'from manifests (-f) or a live cluster (--kubeconfig); with each path to cluster-admin.',
    )
    .argument('[verb]', 'get, list, create, update, patch, delete, impersonate, bind, escalate, *')
    .argument('[resource]', 'a resource or resource/subresource: secrets, pods/exec, deployments')
    .option('-n, --namespace <namespace>', 'in this namespace (default: any namespace, or cluster-wide)')
    .option('--api-group <group>', 'the resource\'s API group (default: "" for core; apps, rbac.authorization.k8s.io…)')
    .option('--subject <subject>', 'User:alice, Group:ops, ServiceAccount:ns/name or system:serviceaccount:ns:name')
    .option('-f, --file <path...>', 'files or directories of YAML/JSON manifests; - for stdin')
    .option('--kubeconfig <path>', 'the live cluster of this kubeconfig (read-only)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(
      async (
        verb: string | undefined,
        resource: string | undefined,
        opts: {
          namespace?: string;
          apiGroup?: string;
          subject?: string;
          file?: string[];
          kubeconfig?: string;
          format: 'table' | 'json';
        },
      ) => {
        const usage = (message: string) => {
          io.err(`kubeward who-can: ${message}\n`);
          code = 2;
        };
        if (!opts.file && !opts.kubeconfig)
          return usage('give manifests with -f <file|dir|-> or a cluster with --kubeconfig <path>');
        if (opts.subject ? verb !== undefined : verb === undefined || resource === undefined) {
          return usage('ask either who-can <verb> <resource> or who-can --subject <Kind:name>, not both');
        }
        let question: { subject: Subject } | { access: Access };
        try {
          question = opts.subject
            ? { subject: parseSubject(parseSubjectArg(opts.subject)) }
            : {
                access: parseAccess({
                  verb: verb!,
                  resource: resource!,
                  apiGroup: opts.apiGroup,
                  namespace: opts.namespace,
                }),
              };
        } catch (err) {
          if (err instanceof AccessQuestionError) return usage(err.message);
          throw err;
        }
        const input = await readInput(opts, new Date().toISOString());
        for (const p of input.problems)
          io.err(`kubeward who-can: ${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
        io.out(
          `${'subject' in question ? formatSubject(input.snapshot, question.subject, opts.format) : formatWhoCan(input.snapshot, question.access, opts.format)}\n`,
        );
        code = input.problems.length > 0 ? 2 : 0;
      },
    );
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    const e = err as { exitCode?: number; code?: string; message: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
    if (e.exitCode === undefined) io.err(`kubeward: ${e.message}\n`);
    return 2;
  }
  return code;
}
