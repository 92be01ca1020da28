import { describe, expect, it } from 'vitest';
import { minifyTemplates, squeeze } from '../../scripts/minify-templates.js';

describe('template minification at build time', () => {
  it('drops layout whitespace between tags but keeps text on a line', () => {
    expect(
      squeeze('\n  <p class="a">\n    Hello  world\n  </p>\n  <b>x</b> <i>y</i>\n', false),
    ).toBe(' <p class="a"> Hello  world </p><b>x</b> <i>y</i> ');
  });

  it('drops comments and layout whitespace in CSS', () => {
    expect(
      squeeze('\n  /* why */\n  :host {\n    color: red;\n    margin: 0 auto;\n  }\n', true),
    ).toBe(' :host{color:red;margin:0 auto}');
  });

  it('rewrites only html, svg and css templates, around their expressions', () => {
    const code = [
      'const a = html`<ul>\n  ${items.map((i) => html`<li>\n  ${i}\n</li>`)}\n</ul>`;',
      'const b = `keep\n  this`;',
      'const c = other`keep\n  too`;',
    ].join('\n');
    const out = minifyTemplates(code, 'x.ts')!.code;
    expect(out).toContain('html`<ul> ${items.map((i) => html`<li> ${i} </li>`)} </ul>`');
    expect(out).toContain('`keep\n  this`');
    expect(out).toContain('other`keep\n  too`');
  });
});
