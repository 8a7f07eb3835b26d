import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Accessibility problems axe rates serious or critical on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 2).join('').trim() ?? ''}`)
          .join('; ')}`,
    );
}

/**
 * Resolves once no finite CSS animation or transition is running (a spinner's endless one is not
 * waited for). Polled with evaluate: waitForFunction compiles its predicate in the page, which the
 * console's content security policy forbids.
 */
export async function settled(page: Page, timeoutMs = 10_000): Promise<void> {
  const running = `document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length`;
  const deadline = Date.now() + timeoutMs;
  while ((await page.evaluate<number>(running)) > 0) {
    if (Date.now() > deadline) throw new Error(`animations still running after ${timeoutMs / 1000} s`);
    await page.waitForTimeout(50);
  }
}

/** Where screenshots go: tmp/screenshots (docs/console when UPDATE_SCREENSHOTS=1, for docs/console.md). */
export function screenshotDir(root: string): string {
  const dir = process.env.UPDATE_SCREENSHOTS ? path.join(root, 'docs/console') : path.join(root, 'tmp/screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
