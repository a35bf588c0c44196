import { describe, it, expect } from 'vitest';
import { affordability, shortText } from './affordable';
import type { CardOption } from '../schemas/deck';
import type { Inventory } from '../schemas/common';

const opt = (id: string, team: 'buyer' | 'provider', effects: Inventory, joint = false): CardOption =>
  ({ id, team, label: id, text: '', effects, progress: 1, wait: false, ...(joint ? { joint: true } : {}) }) as unknown as CardOption;

const buyerJoint = opt('bj', 'buyer', { courage: -1, budget: -1, stories: 1 }, true);
const providerJoint = opt('pj', 'provider', { courage: -1, budget: 1, stories: -1 }, true);
const buyerSolo = opt('bs', 'buyer', { courage: -2, budget: 1, stories: 0 });
const options = [buyerJoint, buyerSolo, providerJoint];
const inv = (courage: number, budget = 2, stories = 2): Inventory => ({ courage, budget, stories });

describe('affordability (the phone marks and the server refuses by this rule)', () => {
  it('an option the team can pay is affordable', () => {
    expect(affordability({ buyer: inv(2), provider: inv(0) }, options, 'buyer', buyerSolo, true)).toEqual({ kind: 'affordable' });
  });
  it('a solo option the team is short for is blocked, in v1 and v2', () => {
    for (const v2 of [true, false]) expect(affordability({ buyer: inv(1), provider: inv(3) }, options, 'buyer', buyerSolo, v2)).toEqual({ kind: 'blocked', short: ['courage'], pooled: false });
  });
  it('a v2 joint part is pooled when the other team, less its own part, covers it', () => {
    // Providers 2 Courage, their part uses 1: 1 left for the Buyers' 1.
    expect(affordability({ buyer: inv(0), provider: inv(2) }, options, 'buyer', buyerJoint, true)).toEqual({ kind: 'pooled', short: ['courage'] });
  });
  it('a v2 joint part is blocked when the pool does not cover it either', () => {
    expect(affordability({ buyer: inv(0), provider: inv(1) }, options, 'buyer', buyerJoint, true)).toEqual({ kind: 'blocked', short: ['courage'], pooled: true });
  });
  it('v1 has no pooling: a joint-flagged option short alone is blocked', () => {
    expect(affordability({ buyer: inv(0), provider: inv(3) }, options, 'buyer', buyerJoint, false)).toEqual({ kind: 'blocked', short: ['courage'], pooled: false });
  });
  it('says what is short', () => {
    expect(shortText(inv(0, 0), opt('x', 'buyer', { courage: -1, budget: -2, stories: 0 }), ['courage', 'budget'])).toBe('needs 1 Courage, the team has 0; needs 2 Budget, the team has 0');
  });
});
