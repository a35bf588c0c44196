// Text a participant types (names, stories): one cleaning rule and one set of limits, used by the
// protocol's schemas, the engine (so imported logs are held to the same rule) and the phones.

export const NAME_MAX_CHARS = 24;
export const STORY_MAX_CHARS = 140;

// Controls, format characters (zero-width, bidi overrides, soft hyphen, BOM) and the blank "filler"
// letters that render as nothing: none of them may make two names look alike or a name look empty.
const INVISIBLE = /[\p{Cc}\p{Cf}\u115f\u1160\u3164\uffa0\u2800\u180e\u034f\u17b4\u17b5]/gu;

/** Line breaks and tabs become spaces, invisible characters go, runs of spaces become one, ends trimmed (NFC). */
export function cleanText(s: string): string {
  return s.normalize('NFC').replace(/[\t\n\r\f\v\u2028\u2029]/g, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Something a person can see: at least one letter, digit or symbol (not only marks or spaces). */
export function isVisibleText(s: string): boolean {
  return /[\p{L}\p{N}\p{S}]/u.test(s);
}

// Letters from other scripts that look exactly like Latin ones ("Аna" with a Cyrillic А).
const LOOK_ALIKES: Record<string, string> = {
  а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', і: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ԛ: 'q', ԝ: 'w', ү: 'y', һ: 'h', ӏ: 'l',
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ϲ: 'c', ϳ: 'j',
};

/**
 * The key under which a name counts as taken: compatibility-folded (full-width letters, ligatures),
 * lower-cased, look-alike letters from other scripts mapped to Latin. Accents stay: José is not Jose.
 */
export function nameKey(name: string): string {
  const folded = cleanText(name).normalize('NFKC').toLowerCase();
  let out = '';
  for (const ch of folded) out += LOOK_ALIKES[ch] ?? ch;
  return out;
}
