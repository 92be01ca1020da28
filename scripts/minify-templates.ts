// A build plugin that removes the layout whitespace from lit's html``, svg`` and css`` templates:
// Prettier indents them for people, and minifiers keep template text as it is. Only whitespace
// that contains a line break is touched (between tags, attributes, CSS declarations); text on a
// line stays as written. Templates are found with TypeScript's parser, not with a regex.
import MagicString from 'magic-string';
import ts from 'typescript';
import type { Plugin } from 'vite';

const TAGS = new Set(['html', 'svg', 'css']);

/** The static text of one template part, minus layout whitespace. */
export function squeeze(text: string, css: boolean): string {
  if (css) {
    return text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\s*([{};>])\s*/g, '$1')
      .replace(/([:,])\s+/g, '$1')
      .replace(/;}/g, '}');
  }
  // In markup a line break with its indentation is one space at most; none between tags.
  return text.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');
}

/** Rewrites every html``/svg``/css`` template of a TypeScript module. */
export function minifyTemplates(
  code: string,
  id: string,
): { code: string; map: ReturnType<MagicString['generateMap']> } | null {
  if (!/\b(html|svg|css)`/.test(code)) return null;
  const source = ts.createSourceFile(id, code, ts.ScriptTarget.Latest, true);
  const out = new MagicString(code);
  let changed = false;
  const rewrite = (node: ts.Node, css: boolean) => {
    // Text between the backtick (or `}`) and the next `${` (or backtick).
    const start = node.getStart(source) + 1;
    const end =
      node.getEnd() - (ts.isTemplateTail(node) || ts.isNoSubstitutionTemplateLiteral(node) ? 1 : 2);
    const text = code.slice(start, end);
    const squeezed = squeeze(text, css);
    if (squeezed !== text) {
      changed = true;
      if (squeezed) out.overwrite(start, end, squeezed);
      else out.remove(start, end);
    }
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isTaggedTemplateExpression(node) &&
      ts.isIdentifier(node.tag) &&
      TAGS.has(node.tag.text)
    ) {
      const css = node.tag.text === 'css';
      const template = node.template;
      if (ts.isNoSubstitutionTemplateLiteral(template)) rewrite(template, css);
      else {
        rewrite(template.head, css);
        for (const span of template.templateSpans) rewrite(span.literal, css);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!changed) return null;
  return { code: out.toString(), map: out.generateMap({ hires: true, source: id }) };
}

/** The vite plugin: applies {@link minifyTemplates} to the project's own TypeScript at build time. */
export function minifyTemplatesPlugin(): Plugin {
  return {
    name: 'chatlet:minify-templates',
    apply: 'build',
    transform(code, id) {
      if (!id.endsWith('.ts') || id.includes('node_modules')) return null;
      return minifyTemplates(code, id);
    },
  };
}
