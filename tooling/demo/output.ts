/** Terminal output for the demo: colour only on a TTY without NO_COLOR, plain text otherwise. */
const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint =
  (code: number) =>
  (text: string): string =>
    useColor ? `\u001b[${code}m${text}\u001b[0m` : text;

export const bold = paint(1);
export const dim = paint(2);
export const green = paint(32);
export const red = paint(31);
export const cyan = paint(36);
export const yellow = paint(33);

/** Wraps `text` to `width` columns with `indent` before every line. */
export function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && [...line].length + 1 + [...word].length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((each) => indent + each).join('\n');
}

let progressShown = false;

/** A one-line progress note that the next output replaces (TTY only). */
export function progress(text: string): void {
  if (!process.stdout.isTTY) return;
  process.stdout.write(`\r\u001b[2K${dim(text)}`);
  progressShown = true;
}

export function clearProgress(): void {
  if (progressShown) process.stdout.write('\r\u001b[2K');
  progressShown = false;
}
