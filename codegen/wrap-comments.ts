/**
 * Keeps generated doc comments within the project's line width: descriptions in
 * the document are single long lines, and a reader of the output should not have
 * to scroll sideways. A single word longer than the width (an example value) is
 * left whole rather than changed.
 */
export const LINE_WIDTH = 90;

/** Splits prose into lines of at most `width` characters, breaking between words. */
export function wrap(text: string, width = 80): string[] {
  const lines: string[] = [];
  let line = "";

  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function blockLines(indent: string, text: string): string[] {
  const width = LINE_WIDTH - indent.length - 3;
  return wrap(text, width).map((line) => `${indent} * ${line}`);
}

/** Rewraps every over-long line inside `/** … *\/` comments of a TypeScript source. */
export function wrapDocComments(source: string): string {
  return source
    .split("\n")
    .flatMap((line) => {
      if (line.length <= LINE_WIDTH) return [line];

      const single = line.match(/^(\s*)\/\*\* (.*) \*\/$/);
      if (single) {
        const [, indent = "", text = ""] = single;
        return [`${indent}/**`, ...blockLines(indent, text), `${indent} */`];
      }

      const inner = line.match(/^(\s*) \* (.*)$/);
      if (inner) {
        const [, indent = "", text = ""] = inner;
        return blockLines(indent, text);
      }
      return [line];
    })
    .join("\n");
}
