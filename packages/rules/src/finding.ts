import { describeResource } from './resources';
import type { Baseline, Finding, ResourceRef, RuleResult, Severity } from './types';

/**
 * A finding's identity within a cluster: rule, resource and container, joined. Plain text rather
 * than a hash: as unique, readable in the database, and free to compute for 100,000 findings.
 */
export function fingerprint(
  ruleId: string,
  resource: { kind: string; namespace?: string; name: string },
  container?: string,
): string {
  return `${ruleId}:${resource.kind}:${resource.namespace ?? ''}:${resource.name}:${container ?? ''}`;
}

/**
 * A finding whose fingerprint and message are rendered on first read (and kept). Most consumers
 * compare fingerprints and read messages only for what changed; at 100,000 findings the strings,
 * and a second object per finding, dominated the engine's time and memory. Rules create
 * container findings directly as this class (the engine completes them in place); any other
 * result is wrapped. `toJSON` gives the plain form.
 */
export abstract class LazyFinding implements Finding {
  ruleId = '';
  /** Set by a rule to override its default for this result; then the final severity. */
  severity!: Severity;
  /** Set by a rule to override the engine's platform detection; then the final flag. */
  platform!: boolean;
  causes?: string[];
  primary?: string;
  private fp: string | undefined = undefined;

  constructor(
    readonly resource: ResourceRef,
    readonly container: string | undefined,
    public paths: string[],
    platform?: boolean,
  ) {
    if (platform !== undefined) this.platform = platform;
  }

  abstract get message(): string;

  get baseline(): Baseline | undefined {
    return undefined;
  }

  /** Called once by the engine. */
  complete(ruleId: string, severity: Severity, platform: boolean): void {
    this.ruleId = ruleId;
    this.severity = severity;
    this.platform = platform;
  }

  get fingerprint(): string {
    return (this.fp ??= fingerprint(this.ruleId, this.resource, this.container));
  }

  toJSON(): Finding {
    return plainFinding(this);
  }
}

/**
 * A finding as a plain object, its lazy fields rendered: for spreading or serialising, where a
 * class instance would lose its getters and expose its internals.
 */
export function plainFinding(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    resource: f.resource,
    ...(f.container !== undefined ? { container: f.container } : {}),
    message: f.message,
    paths: f.paths,
    fingerprint: f.fingerprint,
    platform: f.platform,
    ...(f.baseline ? { baseline: f.baseline } : {}),
    ...(f.primary ? { primary: f.primary } : {}),
  };
}

/** "<Kind ns/name>: container "c" <what>. <fix>", rendered when read (not kept: read about once). */
export class ContainerFinding extends LazyFinding {
  constructor(
    resource: ResourceRef,
    container: string,
    private readonly what: string,
    private readonly fix: string,
    paths: string[],
    platform: boolean,
  ) {
    super(resource, container, paths, platform);
  }

  get message(): string {
    return `${describeResource(this.resource)}: container "${this.container}" ${this.what}. ${this.fix}`;
  }
}

/** "<Kind ns/name> <what>. <fix>", rendered when read (not kept: read about once). */
export class WorkloadFinding extends LazyFinding {
  constructor(
    resource: ResourceRef,
    private readonly what: string,
    private readonly fix: string,
    paths: string[],
    platform?: boolean,
  ) {
    super(resource, undefined, paths, platform);
  }

  get message(): string {
    return `${describeResource(this.resource)} ${this.what}. ${this.fix}`;
  }
}

/** Any other rule result, with the message it already has. */
export class WrappedFinding extends LazyFinding {
  constructor(private readonly result: RuleResult) {
    super(result.resource, result.container, result.paths);
    if (result.causes) this.causes = result.causes;
  }

  get message(): string {
    return this.result.message;
  }

  override get baseline(): Baseline | undefined {
    return this.result.baseline;
  }
}
