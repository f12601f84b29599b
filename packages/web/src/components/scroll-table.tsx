import type { ComponentProps } from 'react'

/**
 * A table that scrolls sideways when the screen is narrower than it (a phone). It takes
 * keyboard focus so it can be scrolled without a pointer (WCAG 2.1.1).
 */
export function ScrollTable(props: ComponentProps<'table'>) {
  // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (axe scrollable-region-focusable)
  return <table tabIndex={0} {...props} />
}
