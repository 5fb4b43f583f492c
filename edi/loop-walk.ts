import type { LoopRule, SegmentUse, TransactionGuide } from './guides/types.js';
import type { Segment } from './x12/parse.js';

/** A structural problem found by walking a guide's loop tree, coded as 999 IK304. */
export interface LoopProblem {
  segmentId: string;
  position: number;
  loopId?: string;
  /** 3 required segment missing, 4 loop over its repeat, 5 segment over its max use. */
  code: '3' | '4' | '5';
  message: string;
}

interface Frame {
  rule: LoopRule;
  /** Index of the last child placed (the trigger, 0, when the loop opens). */
  at: number;
  /** Occurrences of each child in this occurrence of the loop (segment uses or loop repeats). */
  counts: number[];
}

const MAX_REPORTED = 1000;

/**
 * Walks a transaction set's segments through its guide's loop tree (X12 5010 segment tables): each segment is
 * placed at the first segment use or loop trigger at or after the current place, innermost loop first, then
 * its parents (a new occurrence of the same loop counts against its repeat). Segments of one loop that no inner
 * loop separates may come in any order (partners reorder REF, DTP, PWK...; we write the TR3's order). Reports
 * segments over their max use (IK304 5), loops over their repeat (4) and required segments or loops absent when
 * their loop closes (3, at the segment that closed it); `place` gives each segment's loop id (IK303) and whether
 * it found a place (the caller reports 7 when not). Each segment looks at most at the children of the loops open
 * above it: linear in the input.
 */
export class LoopWalk {
  private readonly stack: Frame[];
  readonly problems: LoopProblem[] = [];

  constructor(guide: TransactionGuide) {
    this.stack = [{ rule: guide.loops, at: -1, counts: guide.loops.children.map(() => 0) }];
  }

  /** Places one segment; returns its loop id (undefined in the header/trailer) and whether it found a place. */
  place(seg: Segment, component: string): { loopId?: string; placed: boolean } {
    const first = firstValue(seg, component);
    const found = this.find(seg.id, first, true) ?? this.find(seg.id, first, false);
    if (found) return this.enter(found.depth, found.index, found.back, seg);
    return { loopId: loopIdOf(this.stack[this.stack.length - 1].rule), placed: false };
  }

  /** Closes every open loop at the end of the set (`position`: SE's, or after the last segment when SE is missing). */
  finish(position: number, seMissing: boolean): void {
    while (this.stack.length > 0) this.close(position, seMissing);
  }

  private find(id: string, first: string | undefined, strict: boolean): { index: number; depth: number; back: boolean } | undefined {
    for (let depth = this.stack.length - 1; depth >= 0; depth--) {
      const frame = this.stack[depth];
      const children = frame.rule.children;
      // A loop's own trigger again is a new occurrence of the loop, found in its parent.
      const from = depth === 0 ? 0 : 1;
      for (let i = Math.max(frame.at, from); i < children.length; i++) {
        const c = children[i];
        if (matches(c.kind === 'segment' ? c : (c.children[0] as SegmentUse), id, first, strict)) return { depth, index: i, back: false };
      }
      // Segments of one run (no inner loop between them) are taken in any order, as partners send them.
      for (let i = frame.at - 1; i >= from; i--) {
        const c = children[i];
        if (c.kind === 'loop') break;
        if (matches(c, id, first, strict)) return { depth, index: i, back: true };
      }
    }
    return undefined;
  }

  private enter(depth: number, index: number, back: boolean, seg: Segment): { loopId?: string; placed: boolean } {
    while (this.stack.length - 1 > depth) this.close(seg.position, false);
    const frame = this.stack[depth];
    const child = frame.rule.children[index];
    frame.counts[index]++;
    if (!back) frame.at = index;
    if (child.kind === 'segment') {
      const loopId = loopIdOf(frame.rule);
      if (frame.counts[index] > child.max) this.report(seg.id, seg.position, loopId, '5', `${label(child)} occurs more than ${child.max} time${child.max === 1 ? '' : 's'} in loop ${frame.rule.id}`);
      return { loopId, placed: true };
    }
    if (frame.counts[index] > child.repeat) this.report(seg.id, seg.position, child.id, '4', `loop ${child.id} occurs more than ${child.repeat} times`);
    const counts = child.children.map(() => 0);
    counts[0] = 1;
    this.stack.push({ rule: child, at: 0, counts });
    return { loopId: child.id, placed: true };
  }

  /** Pops the innermost loop, reporting its required children that never occurred. */
  private close(position: number, seMissing: boolean): void {
    const frame = this.stack.pop();
    if (!frame) return;
    frame.rule.children.forEach((c, i) => {
      if (c.usage !== 'R' || frame.counts[i] > 0) return;
      const use = c.kind === 'segment' ? c : (c.children[0] as SegmentUse);
      if (use.id === 'SE' && seMissing) return;
      const loopId = c.kind === 'loop' ? c.id : loopIdOf(frame.rule);
      const what = c.kind === 'loop' ? `loop ${c.id} (${label(use)})` : label(use);
      this.report(use.id, position, loopId, '3', `required ${what} is missing${frame.rule.id === 'ST' ? '' : ` in loop ${frame.rule.id}`}`);
    });
  }

  private report(segmentId: string, position: number, loopId: string | undefined, code: LoopProblem['code'], message: string): void {
    if (this.problems.length < MAX_REPORTED) this.problems.push({ segmentId, position, loopId, code, message });
  }
}

/** The value that selects a segment use: HL03 for HL, else the first element (its first component). */
function firstValue(seg: Segment, component: string): string | undefined {
  const v = seg.id === 'HL' ? seg.elements[3] : seg.elements[1];
  if (v === undefined) return undefined;
  const cut = v.indexOf(component);
  return cut < 0 ? v : v.slice(0, cut);
}

function matches(use: SegmentUse, id: string, first: string | undefined, strict: boolean): boolean {
  return use.id === id && (!strict || !use.q || (first !== undefined && use.q.includes(first)));
}

const loopIdOf = (rule: LoopRule): string | undefined => (rule.id === 'ST' ? undefined : rule.id);
const label = (use: SegmentUse): string => (use.q ? `${use.id}*${use.q.join('/')}` : use.id);
