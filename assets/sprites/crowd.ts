import { recolour, type SpriteDef } from './types';

/*
 * Crowd avatars, 10×10, one per participant. Frames 0–3 Buyer, 4–7 Provider, 8 Competitor fan.
 * Buyer: bare head with hair, collar and tie (▼ shape). Provider: hard hat with brim, hi-vis stripe.
 * In the templates 'h' = hair and 's' = skin, swapped per variant below.
 */
const buyerTemplate = [
  '..KKKKKK..',
  '.KhhhhhhK.',
  '.KhsssshK.',
  '.KsKssKsK.',
  '.KssssssK.',
  '..KKssKK..',
  '.KBBWWBBK.',
  'KBBBVVBBBK',
  'KBBBVVBBBK',
  'KKKKKKKKKK',
];
const providerTemplate = [
  '...KKKK...',
  '..KoOOOK..',
  '.KoOOOOOK.',
  'KRRRRRRRRK',
  '.KsKssKsK.',
  '.KssssssK.',
  '..KKKKKK..',
  '.KOWWWWOK.',
  'KOOOOOOOOK',
  'KKKKKKKKKK',
];
const competitorTemplate = [
  '..KKKKKK..',
  '.KppppppK.',
  '.KPKKKKPK.',
  '.KPKLQKPK.',
  '.KPPPPPPK.',
  '..KKKKKK..',
  '.KPPpPPPK.',
  'KPPPPpPPPK',
  'KPPPPPpPPK',
  'KKKKKKKKKK',
];

export const crowd: SpriteDef = {
  key: 'crowd',
  about:
    'Tiny crowd avatars, 10×10. Frames 0–3 Buyer (hair/skin/suit variants, tie), 4–7 Provider (hard hat, skin/jacket variants), 8 Competitor.',
  frames: [
    recolour(buyerTemplate, { h: 'k', s: 's' }),
    recolour(buyerTemplate, { h: 'D', s: 't' }),
    recolour(buyerTemplate, { h: 'Y', s: 's', B: 'b' }),
    recolour(buyerTemplate, { h: 'K', s: 't', B: 'N', W: 'b' }),
    recolour(providerTemplate, { s: 's' }),
    recolour(providerTemplate, { s: 't' }),
    recolour(providerTemplate, { s: 's', O: 'R', W: 'o' }),
    recolour(providerTemplate, { s: 't', o: 'W', O: 'o', R: 'O' }),
    competitorTemplate,
  ],
  frameNames: { buyer: [0, 1, 2, 3], provider: [4, 5, 6, 7], competitor: 8 },
};
