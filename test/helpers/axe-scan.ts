import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

/** The WCAG levels LogDrop is held to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa']

/** One rule a page breaks, shortened for a readable test failure. */
export interface BlockingViolation {
  readonly rule: string
  readonly impact: string
  readonly help: string
  readonly targets: readonly string[]
}

/**
 * Fluent UI's focus manager (Tabster) puts invisible, focusable `<i data-tabster-dummy>`
 * "bumpers" around movers and traps, marked aria-hidden on purpose: screen readers must not
 * announce them, and they only hand focus on. axe reports each as `aria-hidden-focus`. Fluent
 * lists it as a known issue, and Microsoft's own Accessibility Insights suppresses exactly these
 * nodes (microsoft/accessibility-insights-web#7605, microsoft/accessibility-insights-service#2771).
 * Only those nodes of that rule are dropped; any other aria-hidden-focus still fails.
 */
function isTabsterBumper(rule: string, html: string): boolean {
  return (
    rule === 'aria-hidden-focus' &&
    (html.includes('data-tabster-dummy') || html.includes('data-is-focus-trap-zone-bumper'))
  )
}

/** Runs axe on the page and returns the serious and critical violations, nothing else. */
export async function blockingViolations(page: Page): Promise<BlockingViolation[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()
  return violations.flatMap((violation) => {
    if (violation.impact !== 'serious' && violation.impact !== 'critical') return []
    const nodes = violation.nodes.filter((node) => !isTabsterBumper(violation.id, node.html))
    if (nodes.length === 0) return []
    return [
      {
        rule: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: nodes.slice(0, 5).map((node) => node.target.join(' ')),
      },
    ]
  })
}
