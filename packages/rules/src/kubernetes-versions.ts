/**
 * End of (upstream) support per Kubernetes minor version. Upstream supports the newest three
 * minors, each for about 14 months (12 of standard support plus 2 of upgrade window).
 *
 * Source: https://kubernetes.io/releases/ (release history and "End of Life" dates), as of
 * 2026-11-01. To update: add the new minor with its end-of-life date and move AS_OF.
 */
export const AS_OF = '2026-11-01';

export const END_OF_LIFE: Record<string, string> = {
  '1.19': '2021-10-28',
  '1.20': '2022-02-28',
  '1.21': '2022-06-28',
  '1.22': '2022-10-28',
  '1.23': '2023-02-28',
  '1.24': '2023-07-28',
  '1.25': '2023-10-28',
  '1.26': '2024-02-28',
  '1.27': '2024-06-28',
  '1.28': '2024-10-28',
  '1.29': '2025-02-28',
  '1.30': '2025-06-28',
  '1.31': '2025-10-28',
  '1.32': '2026-02-28',
  '1.33': '2026-06-28',
  '1.34': '2026-10-27',
  '1.35': '2027-02-28',
  '1.36': '2027-06-28',
};

/** `v1.31.4-eks-1234` → `1.31`; undefined when it is not a version. */
export function minorOf(version: string | undefined): string | undefined {
  const m = version?.match(/^v?(\d+)\.(\d+)/);
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

export type SupportStatus =
  | { status: 'supported'; endOfLife: string }
  | { status: 'end-of-life'; endOfLife: string }
  | { status: 'unknown'; reason: string };

/** Whether a version is past end of life on `today` (ISO date). Versions older than the table are. */
export function supportStatus(version: string | undefined, today: string): SupportStatus {
  const minor = minorOf(version);
  if (!minor) return { status: 'unknown', reason: `"${version ?? ''}" is not a version` };
  const eol = END_OF_LIFE[minor];
  if (!eol) {
    const [major, m] = minor.split('.').map(Number) as [number, number];
    if (major === 1 && m < 19) return { status: 'end-of-life', endOfLife: 'before 2021' };
    return { status: 'unknown', reason: `${minor} is newer than the support table (as of ${AS_OF})` };
  }
  return today.slice(0, 10) > eol ? { status: 'end-of-life', endOfLife: eol } : { status: 'supported', endOfLife: eol };
}

/** Minor-version distance between two versions (kubelet behind the control plane is positive). */
export function minorSkew(controlPlane: string | undefined, kubelet: string | undefined): number | undefined {
  const a = minorOf(controlPlane);
  const b = minorOf(kubelet);
  if (!a || !b) return undefined;
  return Number(a.split('.')[1]) - Number(b.split('.')[1]);
}
