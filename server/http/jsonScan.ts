/**
 * Finds where JSON values start and end without building them, so a big document (an imported log)
 * can be taken apart in steps: the caller parses each small piece with JSON.parse, a few thousand per
 * turn of the event loop, instead of one JSON.parse that holds the loop for the whole document.
 * It checks only structure (strings, brackets, commas); JSON.parse of each piece checks the rest.
 */
export class JsonScanError extends Error {}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

export class JsonScanner {
  pos = 0;
  constructor(readonly text: string) {}

  private fail(what: string): never {
    throw new JsonScanError(`${what} at character ${this.pos}`);
  }

  skipWs(): void {
    const t = this.text;
    while (this.pos < t.length && WS.has(t.charCodeAt(this.pos))) this.pos++;
  }

  /** Consumes `ch` (after whitespace), or fails. */
  expect(ch: string): void {
    this.skipWs();
    if (this.text[this.pos] !== ch) this.fail(`expected "${ch}"`);
    this.pos++;
  }

  /** Consumes `ch` if it comes next (after whitespace). */
  take(ch: string): boolean {
    this.skipWs();
    if (this.text[this.pos] !== ch) return false;
    this.pos++;
    return true;
  }

  peek(): string | undefined {
    this.skipWs();
    return this.text[this.pos];
  }

  private skipString(): void {
    const t = this.text;
    let i = this.pos + 1;
    for (;;) {
      const q = t.indexOf('"', i);
      if (q < 0) this.fail('unterminated string');
      let backslashes = 0;
      for (let k = q - 1; k >= this.pos + 1 && t.charCodeAt(k) === 0x5c; k--) backslashes++;
      i = q + 1;
      if (backslashes % 2 === 0) break;
    }
    this.pos = i;
  }

  /** Skips one value and returns its text (not parsed). */
  value(): string {
    this.skipWs();
    const start = this.pos;
    const t = this.text;
    const c = t[this.pos];
    if (c === '"') this.skipString();
    else if (c === '{' || c === '[') {
      let depth = 0;
      while (this.pos < t.length) {
        const ch = t.charCodeAt(this.pos);
        if (ch === 0x22) {
          this.skipString();
          continue;
        }
        if (ch === 0x7b || ch === 0x5b) depth++;
        else if (ch === 0x7d || ch === 0x5d) {
          depth--;
          if (depth === 0) {
            this.pos++;
            return t.slice(start, this.pos);
          }
        }
        this.pos++;
      }
      this.fail('unterminated object or array');
    } else {
      while (this.pos < t.length && !',}] \t\r\n'.includes(t[this.pos])) this.pos++;
      if (this.pos === start) this.fail('expected a value');
    }
    return t.slice(start, this.pos);
  }

  /** Reads an object key and its colon. */
  key(): string {
    this.skipWs();
    if (this.text[this.pos] !== '"') this.fail('expected a key');
    const k = JSON.parse(this.value()) as string;
    this.expect(':');
    return k;
  }

  /** Nothing but whitespace may follow the document. */
  end(): void {
    this.skipWs();
    if (this.pos !== this.text.length) this.fail('unexpected text after the document');
  }
}
