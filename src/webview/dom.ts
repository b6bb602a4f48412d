// Building DOM nodes without HTML strings. Every panel goes through `el`/`svg`: text is set with
// `textContent` and attributes with `setAttribute`, so program data (names, strings, bytes) can never
// become markup, whatever it contains. Styles are classes from media/memscope.css; the few geometric
// values computed at run time (row offsets, bar widths) are set through CSSOM properties, which the
// panels' content security policy allows (inline `style` attributes it does not).

export type Child = Node | string | null | undefined | false;

export interface Props {
  readonly class?: string;
  readonly text?: string;
  /** Attributes, set verbatim; `undefined` skips one. */
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
}

function fill(node: Element, props: Props | undefined, children: readonly Child[]): void {
  if (props?.class) node.setAttribute('class', props.class);
  if (props?.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) {
      if (value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (props?.text !== undefined) node.textContent = props.text;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  fill(node, props, children);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, tag);
  fill(node, props, children);
  return node;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

/** Sets text only when it differs, so unchanged rows cost no DOM write. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

export function toggleClass(node: Element, name: string, on: boolean): void {
  if (node.classList.contains(name) !== on) node.classList.toggle(name, on);
}
