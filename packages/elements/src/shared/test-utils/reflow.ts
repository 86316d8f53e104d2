/**
 * What would need sideways scrolling or is cut off at this width: elements that reach past either edge, and boxes
 * that hide or scroll content wider than themselves. `except` names 2-D content (a chart) left out of the check.
 */
export function unreflowed(scope: ParentNode, width: number, except?: string): string[] {
  const out: string[] = [];
  for (const e of scope.querySelectorAll<HTMLElement>('*')) {
    if (except && e.closest(except)) continue;
    const box = e.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const name = `${e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? `.${e.className.trim().replace(/\s+/g, '.')}` : ''}`;
    if (box.left < -0.5 || box.right > width + 0.5)
      out.push(`${name} spans ${Math.round(box.left)}–${Math.round(box.right)}`);
    if (getComputedStyle(e).overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1)
      out.push(`${name} holds ${e.scrollWidth} px in ${e.clientWidth}`);
  }
  return out;
}
