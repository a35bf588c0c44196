import { describe, it, expect } from 'vitest';
import { maskWords, containsListedWord } from './wordFilter';

describe('word filter', () => {
  it('masks listed words with asterisks of the same length, whatever the case or spelling', () => {
    expect(maskWords('Shit happens')).toBe('**** happens');
    expect(maskWords('what the FUUUCK')).toBe('what the ******');
    expect(maskWords('sh1t and $hit and fucking')).toBe('**** and **** and *******');
    expect(maskWords('bitches, ok?')).toBe('*******, ok?');
  });

  it('leaves innocent words alone (whole words only)', () => {
    for (const ok of ['class', 'assessment', 'Scunthorpe', 'cocktail', 'Dickens', 'passion', 'shitake', 'We shipped it', 'Analyse the assumptions']) {
      expect(containsListedWord(ok)).toBe(false);
      expect(maskWords(ok)).toBe(ok);
    }
  });

  it('keeps everything else of the text, including non-Latin letters and emoji', () => {
    expect(maskWords('Zoë 👩🏽‍💻 crap İstanbul')).toBe('Zoë 👩🏽‍💻 **** İstanbul');
  });
});
