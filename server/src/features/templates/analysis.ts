/**
 * Which variables a parsed template reads from outside, which names it defines itself, and what
 * its loops iterate — in one pass. Same scoping as LiquidJS's `analyzeSync` (loop variables live
 * in their block; `assign`/`capture`/`increment` names from where they are set on), without its
 * costs: it builds no `Variable` objects and leaves positions as offsets, resolved to line and
 * column only for what gets reported (`positionOf`). File-loading tags are not registered, so
 * partial scopes never occur.
 */
import { TypeGuards, Value, toValueSync, type Template } from 'liquidjs';

export interface VariableUse {
  /** `items`, `contact`; undefined when the path starts with a literal. */
  root: string | undefined;
  /** The second segment when it is a name (`contact.name` → `name`). */
  field: string | number | undefined;
  /** As written, for messages (`item.title`, `x[y]`). */
  text: string;
  offset: number;
}

export interface TemplateAnalysis {
  /** Reads of names the template does not define (in scope order). */
  globals: VariableUse[];
  /** Names the template defines at top level (`assign`, `capture`, `increment`, `decrement`). */
  locals: { name: string; offset: number }[];
  loops: { collection: string; offset: number }[];
}

interface TokenLike {
  begin: number;
  getText(): string;
}
interface PropertyAccess extends TokenLike {
  props: (TokenLike & { content?: string | number })[];
}
interface NodeLike {
  name?: string;
  collection?: TokenLike;
  arguments?: () => Iterable<unknown>;
  localScope?: () => Iterable<{ content: string; begin: number }>;
  blockScope?: () => Iterable<string>;
  children?: (partials: boolean, sync: boolean) => Generator<unknown, Template[]>;
}

const isName = (t: unknown): t is { content: string | number } =>
  TypeGuards.isQuotedToken(t as never) ||
  TypeGuards.isNumberToken(t as never) ||
  TypeGuards.isWordToken(t as never);

/** Every property access in a value: its filters' arguments, ranges and nested lookups included. */
function accesses(value: unknown, out: PropertyAccess[]) {
  if (value instanceof Value) {
    for (const token of value.initial.postfix) accesses(token, out);
    for (const filter of value.filters) {
      for (const arg of filter.args) accesses(Array.isArray(arg) ? arg[1] : arg, out);
    }
  } else if (TypeGuards.isRangeToken(value as never)) {
    const range = value as { lhs: unknown; rhs: unknown };
    accesses(range.lhs, out);
    accesses(range.rhs, out);
  } else if (TypeGuards.isFilteredValueToken(value as never)) {
    const grouped = value as unknown as Pick<Value, 'initial' | 'filters'>;
    for (const token of grouped.initial.postfix) accesses(token, out);
    for (const filter of grouped.filters) {
      for (const arg of filter.args) accesses(Array.isArray(arg) ? arg[1] : arg, out);
    }
  } else if (TypeGuards.isPropertyAccessToken(value as never)) {
    const token = value as unknown as PropertyAccess;
    out.push(token);
    // `x[y]`: `y` is read too; a path that starts with a nested path reads that path.
    for (const prop of token.props) if (!isName(prop)) accesses(prop, out);
  }
}

function use(token: PropertyAccess): VariableUse {
  const [first, second] = token.props;
  const root = first && isName(first) ? String(first.content) : undefined;
  return {
    root,
    field: second && isName(second) ? second.content : undefined,
    text: token.getText(),
    offset: token.begin,
  };
}

class Scope {
  private readonly stack: Set<string>[] = [new Set()];
  has(name: string) {
    return this.stack.some((names) => names.has(name));
  }
  define(name: string) {
    this.stack[0]!.add(name);
  }
  push(names: Iterable<string>) {
    this.stack.push(new Set(names));
  }
  pop() {
    this.stack.pop();
  }
}

export function analyzeTemplate(templates: Template[]): TemplateAnalysis {
  const result: TemplateAnalysis = { globals: [], locals: [], loops: [] };
  const scope = new Scope();
  const found: PropertyAccess[] = [];

  const visit = (node: NodeLike) => {
    if (node.arguments) {
      found.length = 0;
      for (const arg of node.arguments()) accesses(arg, found);
      for (const token of found) {
        const variable = use(token);
        if (variable.root !== undefined && !scope.has(variable.root)) {
          result.globals.push(variable);
        }
      }
    }
    if ((node.name === 'for' || node.name === 'tablerow') && node.collection) {
      result.loops.push({ collection: node.collection.getText(), offset: node.collection.begin });
    }
    if (node.localScope) {
      for (const ident of node.localScope()) {
        scope.define(ident.content);
        result.locals.push({ name: ident.content, offset: ident.begin });
      }
    }
    if (node.children) {
      if (node.blockScope) scope.push(node.blockScope());
      for (const child of toValueSync(node.children(false, true))) visit(child as NodeLike);
      if (node.blockScope) scope.pop();
    }
  };
  for (const template of templates) visit(template as NodeLike);
  return result;
}

/** 1-based line and column of each offset, from one scan of the text. */
export function positionsIn(text: string) {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
  };
}
