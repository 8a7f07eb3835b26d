import { ApiError } from './client';

/**
 * Downloads what an export path answers (a findings CSV, a compliance report's evidence), made by
 * the API from the whole query, not from the rows on screen. A fetch, not a link: cookie-
 * authenticated requests carry the CSRF header. The file is named as the API names it.
 */
export async function download(path: string, fallbackName: string): Promise<void> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    headers: { 'x-kubeward-csrf': '1' },
  }).catch(() => {
    throw new ApiError('NETWORK', 'Kubeward could not be reached. Check your connection and try again.');
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string; message?: string } | null;
    throw new ApiError(body?.error ?? 'INTERNAL', body?.message ?? `The export failed (${res.status}).`);
  }
  const url = URL.createObjectURL(await res.blob());
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  Object.assign(document.createElement('a'), { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The findings of a filter as CSV: every matching finding. */
export const downloadFindingsCsv = (filter: Record<string, unknown>): Promise<void> => {
  const clean = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
  return download(`/exports/findings.csv?filter=${encodeURIComponent(JSON.stringify(clean))}`, 'findings.csv');
};
