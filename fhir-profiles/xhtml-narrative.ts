/**
 * Narrative.div checks (https://hl7.org/fhir/R4/narrative.html#xhtml), in one left-to-right scan with an explicit
 * stack of open elements (linear in the length, no recursion):
 * - well-formed XML: tags nest and close, attribute values are quoted and unique per element, `&` starts one of
 *   XML's predefined entities or a character reference (there is no DTD, so HTML names such as `&nbsp;` are
 *   undefined), no DOCTYPE or processing instruction;
 * - the root is one `<div xmlns="http://www.w3.org/1999/xhtml">` with nothing but whitespace around it;
 * - txt-1: only the elements and attributes the constraint lists (so no script, form, iframe, object, head, body,
 *   base, link ...), read from the constraint's XPath in the official definition, not typed here;
 * - txt-2: some non-whitespace text, or an image with a `src`.
 */
export interface NarrativeRules {
  elements: ReadonlySet<string>;
  attributes: ReadonlySet<string>;
}

const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const NAME = /[A-Za-z_][\w.:-]*/y;
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/y;
const SPACE = /[ \t\r\n]*/y;

/**
 * The element and attribute lists of txt-1, from its XPath (`...local-name(.)=('a', 'abbr' ...)...name(.)=(...)`),
 * as published in the R4 Narrative StructureDefinition. Undefined when the expression does not have that shape.
 */
export function narrativeRulesFrom(xpath: string): NarrativeRules | undefined {
  const lists = [...xpath.matchAll(/=\(([^)]*)\)/g)].map((m) => new Set([...m[1].matchAll(/'([^']+)'/g)].map((q) => q[1])));
  if (lists.length !== 2 || lists[0].size === 0 || lists[1].size === 0) return undefined;
  return { elements: lists[0], attributes: lists[1] };
}

class XhtmlError extends Error {}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  fail(message: string): never {
    throw new XhtmlError(`${message} at character ${this.i}`);
  }

  match(re: RegExp): string | undefined {
    re.lastIndex = this.i;
    const m = re.exec(this.s);
    if (!m) return undefined;
    this.i += m[0].length;
    return m[0];
  }

  name(what: string): string {
    return this.match(NAME) ?? this.fail(`expected ${what} name`);
  }

  space(): void {
    this.match(SPACE);
  }

  /** Checks the `&...;` references in `part`, which starts at `from` (a text run or an attribute value). */
  entities(part: string, from: number): void {
    // indexOf on the part, not on the whole input: searching past the part's end would make the scan quadratic.
    for (let at = part.indexOf('&'); at >= 0; at = part.indexOf('&', at + 1)) {
      ENTITY.lastIndex = from + at;
      if (!ENTITY.test(this.s)) {
        this.i = from + at;
        this.fail("'&' must start &amp; &lt; &gt; &quot; &apos; or a character reference");
      }
    }
  }
}

interface StartTag {
  name: string;
  attributes: Map<string, string>;
  selfClosing: boolean;
}

function startTag(sc: Scanner): StartTag {
  sc.i++; // '<'
  const name = sc.name('element');
  const attributes = new Map<string, string>();
  for (;;) {
    const before = sc.i;
    sc.space();
    if (sc.s.startsWith('/>', sc.i)) {
      sc.i += 2;
      return { name, attributes, selfClosing: true };
    }
    if (sc.s[sc.i] === '>') {
      sc.i++;
      return { name, attributes, selfClosing: false };
    }
    if (sc.i === before) sc.fail(`expected whitespace, '>' or '/>' in <${name}>`);
    const attribute = sc.name('attribute');
    if (attributes.has(attribute)) sc.fail(`duplicate attribute ${attribute} on <${name}>`);
    sc.space();
    if (sc.s[sc.i] !== '=') sc.fail(`attribute ${attribute} needs a quoted value`);
    sc.i++;
    sc.space();
    const quote = sc.s[sc.i];
    if (quote !== '"' && quote !== "'") sc.fail(`attribute ${attribute} needs a quoted value`);
    const end = sc.s.indexOf(quote, sc.i + 1);
    if (end < 0) sc.fail(`unterminated value of attribute ${attribute}`);
    const value = sc.s.slice(sc.i + 1, end);
    if (value.includes('<')) sc.fail(`'<' in the value of attribute ${attribute}`);
    sc.entities(value, sc.i + 1);
    attributes.set(attribute, value);
    sc.i = end + 1;
  }
}

function checkTag(sc: Scanner, tag: StartTag, isRoot: boolean, rules: NarrativeRules): void {
  if (isRoot && tag.name !== 'div') sc.fail(`the narrative root must be <div>, not <${tag.name}>`);
  if (isRoot && tag.attributes.get('xmlns') !== XHTML_NS) sc.fail(`the narrative <div> must declare xmlns="${XHTML_NS}"`);
  if (!rules.elements.has(tag.name)) sc.fail(`txt-1: element <${tag.name}> is not allowed in a narrative`);
  for (const [attribute, value] of tag.attributes) {
    if (attribute === 'xmlns') {
      if (value !== XHTML_NS) sc.fail(`xmlns must be "${XHTML_NS}"`);
    } else if (!rules.attributes.has(attribute)) sc.fail(`txt-1: attribute ${attribute} is not allowed on <${tag.name}>`);
  }
}

interface State {
  open: string[];
  rootSeen: boolean;
  content: boolean;
}

/** Comments, CDATA and end tags; false when the markup at `sc.i` is a start tag. */
function otherMarkup(sc: Scanner, state: State): boolean {
  const { s } = sc;
  if (s.startsWith('<!--', sc.i)) {
    const end = s.indexOf('-->', sc.i + 4);
    if (end < 0) sc.fail('unterminated comment');
    sc.i = end + 3;
  } else if (s.startsWith('<![CDATA[', sc.i)) {
    const end = s.indexOf(']]>', sc.i + 9);
    if (end < 0 || state.open.length === 0) sc.fail('misplaced or unterminated CDATA section');
    if (s.slice(sc.i + 9, end).trim() !== '') state.content = true;
    sc.i = end + 3;
  } else if (s.startsWith('<!', sc.i) || s.startsWith('<?', sc.i)) {
    sc.fail('DOCTYPE and processing instructions are not allowed in a narrative');
  } else if (s.startsWith('</', sc.i)) {
    sc.i += 2;
    const name = sc.name('element');
    sc.space();
    if (s[sc.i] !== '>') sc.fail(`expected '>' after </${name}`);
    sc.i++;
    const expected = state.open.pop();
    if (expected !== name) sc.fail(expected ? `</${name}> closes <${expected}>` : `</${name}> has no start tag`);
  } else return false;
  return true;
}

function scan(sc: Scanner, rules: NarrativeRules): State {
  const state: State = { open: [], rootSeen: false, content: false };
  const { s } = sc;
  while (sc.i < s.length) {
    const c = s[sc.i];
    if (c === '<') {
      if (otherMarkup(sc, state)) continue;
      const isRoot = state.open.length === 0;
      if (isRoot && state.rootSeen) sc.fail('content after the narrative </div>');
      const at = sc.i;
      const tag = startTag(sc);
      const after = sc.i;
      sc.i = at; // report tag problems at the tag's start
      checkTag(sc, tag, isRoot, rules);
      sc.i = after;
      state.rootSeen = true;
      if (tag.name === 'img' && tag.attributes.has('src')) state.content = true;
      if (!tag.selfClosing) state.open.push(tag.name);
    } else {
      const next = s.indexOf('<', sc.i);
      const end = next < 0 ? s.length : next;
      const text = s.slice(sc.i, end);
      if (text.trim() !== '') {
        if (state.open.length === 0) sc.fail('text outside the narrative <div>');
        state.content = true;
      }
      sc.entities(text, sc.i);
      sc.i = end;
    }
  }
  return state;
}

/**
 * The first problem of a Narrative.div value, or undefined when it is a valid FHIR narrative.
 * https://hl7.org/fhir/R4/narrative.html#xhtml
 */
export function narrativeProblem(div: string, rules: NarrativeRules): string | undefined {
  const sc = new Scanner(div);
  try {
    const state = scan(sc, rules);
    if (!state.rootSeen) return `the narrative must be a <div xmlns="${XHTML_NS}"> element`;
    if (state.open.length > 0) return `<${state.open[state.open.length - 1]}> is not closed`;
    if (!state.content) return 'txt-2: the narrative SHALL have some non-whitespace content';
    return undefined;
  } catch (error) {
    if (error instanceof XhtmlError) return error.message;
    throw error;
  }
}
