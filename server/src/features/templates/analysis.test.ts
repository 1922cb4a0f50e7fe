import { describe, expect, it } from 'vitest';
import { analyzeTemplate, positionsIn } from './analysis.js';
import { htmlEngine } from './engine.js';

// Our one-pass analysis must agree with LiquidJS's own `analyzeSync` on what a template reads
// from outside and what it defines.
const CORPUS = [
  'Hi {{ name | upcase }} {{ contact.name }} {{ x[y] }} {{ a.b.c }}',
  '{% for item in items limit: n offset: o %}{{ item.x }} {{ forloop.index }}{% else %}{{ item }}{% endfor %}{{ item.y }}',
  '{% if a > b and c contains "z" %}x{% elsif d %}y{% else %}{{ e }}{% endif %}',
  '{% unless f %}{{ g | default: h }}{% endunless %}{% case i %}{% when j, 2 %}{{ k }}{% endcase %}',
  '{% assign z = c | append: d %}{{ z }}{% capture q %}{{ r }}{{ q }}{% endcapture %}{{ q }}',
  '{{ before }}{% assign before = 1 %}{{ before }}{% increment counter %}{{ counter }}{% decrement dn %}',
  '{% tablerow t in rows cols: 2 %}{{ t.name }}{{ tablerowloop.col }}{% endtablerow %}',
  '{% for i in (1..max) %}{% for j in i.children %}{{ j }}{% endfor %}{% endfor %}',
  '{% liquid\nassign w = v\necho w | append: u\n%}',
  '{% cycle "a", cyc1, cyc2 %}{% echo ech | plus: 1 %}{% raw %}{{ not_a_var }}{% endraw %}',
  '{{ items | map: "title" | join: sep }} {{ "lit" | replace: "l", rep }} {{ obj["key"] }}',
];

describe('analyzeTemplate', () => {
  it.each(CORPUS)('agrees with LiquidJS on %s', (text) => {
    const templates = htmlEngine.parse(text);
    const reference = htmlEngine.analyzeSync(templates, { partials: false });
    const ours = analyzeTemplate(templates);
    const at = positionsIn(text);

    const theirs = Object.values(reference.globals)
      .flat()
      .map((v) => ({ root: String(v.segments[0]), line: v.location.row, column: v.location.col }))
      .sort((a, b) => a.line - b.line || a.column - b.column);
    const mine = ours.globals
      .map((v) => ({ root: v.root!, ...at(v.offset) }))
      .sort((a, b) => a.line - b.line || a.column - b.column);
    expect(mine).toEqual(theirs);

    const theirLocals = Object.values(reference.locals)
      .flat()
      .map((v) => ({ name: String(v.segments[0]), line: v.location.row, column: v.location.col }));
    expect(ours.locals.map((l) => ({ name: l.name, ...at(l.offset) }))).toEqual(theirLocals);
  });

  it('finds every loop, nested ones included', () => {
    const text =
      '{% for a in xs %}{% for b in a.ys %}{% endfor %}{% endfor %}\n{% tablerow c in zs %}{% endtablerow %}';
    const at = positionsIn(text);
    expect(
      analyzeTemplate(htmlEngine.parse(text)).loops.map((l) => [l.collection, at(l.offset)]),
    ).toEqual([
      ['xs', { line: 1, column: 13 }],
      ['a.ys', { line: 1, column: 30 }],
      ['zs', { line: 2, column: 18 }],
    ]);
  });
});
