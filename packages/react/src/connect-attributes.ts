import * as React from 'react';
import { createComponent, type Options, type ReactWebComponent } from '@lit/react';

/**
 * `@lit/react` sets an element's properties in a layout effect, which runs after React has put the element on the
 * page: in the element's `connectedCallback` every property still has its default. Props that an element reads
 * when it connects are therefore also passed as their attributes, which React sets on the element it creates
 * before inserting it (and renders on the server). Maps each prop to its attribute: `true` → `""`, a number or a
 * string → its text, `false`, `null` and `undefined` → no attribute.
 */
function withConnectAttributes<I extends HTMLElement, E extends Events>(
  Inner: ReactWebComponent<I, E>,
  attributes: Partial<Record<keyof React.ComponentProps<ReactWebComponent<I, E>> & string, string>>,
  displayName: string,
): ReactWebComponent<I, E> {
  const entries = Object.entries(attributes) as Array<[string, string]>;
  const Outer = React.forwardRef<unknown, Record<string, unknown>>((props, ref) => {
    const extra: Record<string, string | undefined> = {};
    // A native attribute such as `lang` has a property of the same name, which `@lit/react` would also take as a
    // property and set late. HTML lower-cases attribute names, so the upper-cased name (no property has it)
    // reaches React as an attribute and the element as `lang`.
    for (const [prop, attribute] of entries)
      extra[attribute === prop ? attribute.toUpperCase() : attribute] = asAttribute(props[prop]);
    // The wrapper passes on whatever props it is given, so it sees them untyped; its own type is Inner's.
    return React.createElement(Inner as React.ElementType, { ...props, ...extra, ref });
  });
  Outer.displayName = displayName;
  return Outer as unknown as ReactWebComponent<I, E>;
}

function asAttribute(value: unknown): string | undefined {
  if (value === true) return '';
  if (typeof value === 'number' || typeof value === 'string') return String(value);
  return undefined;
}

/** The event map `createComponent` takes (its own type for it is not exported). */
type Events = NonNullable<Options<HTMLElement>['events']>;

/**
 * One of our elements as a React component: `createComponent` with this package's React, and `lang` (which every
 * element takes when it connects) passed as its attribute, with any `attributes` of the element's own.
 */
export function wrapElement<I extends HTMLElement, E extends Events = Record<never, never>>(
  options: Omit<Options<I, E>, 'react' | 'displayName'> & { displayName: string },
  attributes: Partial<Record<keyof React.ComponentProps<ReactWebComponent<I, E>> & string, string>> = {},
): ReactWebComponent<I, E> {
  return withConnectAttributes(
    createComponent({ ...options, react: React }),
    { lang: 'lang', ...attributes },
    options.displayName,
  );
}
