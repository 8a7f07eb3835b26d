/** Why no rule judges a control: a person must gather the evidence, or a snapshot cannot hold it. */
export interface Unjudged {
  kind: 'MANUAL' | 'NOT_EVALUABLE';
  reason: string;
}

export interface Control {
  /** Stable within its framework: the framework's own number where it has one. */
  id: string;
  title: string;
  /** The framework's section that holds the control (for grouping in reports). */
  group: string;
  /** What the control requires, in the framework's sense. */
  requirement: string;
  /** Where the framework says so, to check the mapping against: section (and title) in its text. */
  source: string;
  /** Set exactly when no rule judges the control. */
  unjudged?: Unjudged;
}

export interface Framework {
  /** Stable, versioned: a new version of a benchmark is a new framework. */
  id: string;
  name: string;
  version: string;
  publisher: string;
  url: string;
  description: string;
  controls: readonly Control[];
}
