/**
 * Bounds on how much work a template may ask for, checked on the parsed template before anything
 * renders (issue 14, finding 1). A loop over a literal range has a count known in advance, so
 * `{% for i in (1..10000) %}{% for j in (1..10000) %}` is refused outright; loops over variables
 * are bounded at render time by the per-render time budget and the memory limit instead.
 */
import { TypeGuards, toValueSync, type Template } from 'liquidjs';

/** Most loop iterations the literal ranges of one template part may add up to. */
export const MAX_LOOP_ITERATIONS = 10_000;
/** Deepest nesting of `for`/`tablerow` loops. */
export const MAX_LOOP_DEPTH = 3;
/**
 * Default time budget of one render of one part for a user's request (validate, preview, one-off
 * send), in ms (LiquidJS `renderLimit`, wall-clock).
 */
export const DEFAULT_RENDER_BUDGET_MS = 100;
/**
 * Default budget of a send-pipeline render. Larger: its failure fails a message for good, and a
 * busy machine stretches wall-clock time; it runs off the event loop all the same.
 */
export const DEFAULT_SEND_RENDER_BUDGET_MS = 1_000;

export interface LoopLimitIssue {
  message: string;
  /** Where the offending loop's collection starts in the part's text. */
  offset: number;
}

interface TokenLike {
  begin: number;
  getText(): string;
}
interface LoopNode {
  name?: string;
  collection?: TokenLike;
  hash?: { hash: Record<string, unknown> };
  args?: { hash: Record<string, unknown> };
  templates?: Template[];
  elseTemplates?: Template[];
  children?: (partials: boolean, sync: boolean) => Generator<unknown, Template[]>;
}

const numberOf = (token: unknown): number | undefined =>
  TypeGuards.isNumberToken(token as never) ? (token as { content: number }).content : undefined;

/** How many times a loop runs when its text says so (`(1..n)` with literal ends, `limit: n`). */
function knownCount(node: LoopNode): number | undefined {
  let count: number | undefined;
  const collection = node.collection;
  if (collection && TypeGuards.isRangeToken(collection as never)) {
    const { lhs, rhs } = collection as unknown as { lhs: unknown; rhs: unknown };
    const low = numberOf(lhs);
    const high = numberOf(rhs);
    if (low !== undefined && high !== undefined) {
      count = Math.max(0, Math.floor(high) - Math.ceil(low) + 1);
    }
  }
  const limit = numberOf((node.hash ?? node.args)?.hash.limit);
  if (limit !== undefined) count = Math.min(count ?? Infinity, Math.max(0, Math.floor(limit)));
  return count;
}

/**
 * The loops of a parsed part that break the limits: nested deeper than `MAX_LOOP_DEPTH`, or
 * making the literal-range iterations (each loop's count times those of the loops around it,
 * summed over the part) exceed `MAX_LOOP_ITERATIONS`. One issue per offending loop, outermost
 * first; loops inside an offending loop are not reported again.
 */
export function loopLimitIssues(templates: Template[]): LoopLimitIssue[] {
  const issues: LoopLimitIssue[] = [];
  let total = 0;

  const visit = (nodes: Iterable<unknown>, multiplier: number, depth: number) => {
    for (const child of nodes) {
      const node = child as LoopNode;
      if ((node.name === 'for' || node.name === 'tablerow') && node.collection) {
        const at = node.collection.begin;
        if (depth + 1 > MAX_LOOP_DEPTH) {
          issues.push({
            message: `Loops are nested ${depth + 1} deep here; at most ${MAX_LOOP_DEPTH} levels are allowed.`,
            offset: at,
          });
          continue;
        }
        const count = knownCount(node);
        const runs = multiplier * (count ?? 1);
        if (count !== undefined && total + runs > MAX_LOOP_ITERATIONS) {
          issues.push({
            message:
              multiplier > 1
                ? `This loop runs ${count} times inside loops that run ${multiplier} times: more than the ${MAX_LOOP_ITERATIONS} loop iterations a template may make.`
                : `This loop runs ${count} times: more than the ${MAX_LOOP_ITERATIONS} loop iterations a template may make.`,
            offset: at,
          });
          continue;
        }
        if (count !== undefined) total += runs;
        visit(node.templates ?? [], runs, depth + 1);
        visit(node.elseTemplates ?? [], multiplier, depth);
      } else if (node.children) {
        visit(toValueSync(node.children(false, true)), multiplier, depth);
      }
    }
  };
  visit(templates, 1, 0);
  return issues;
}
