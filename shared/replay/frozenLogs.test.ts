import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyEventInPlace, initialState } from '../engine/apply';
import { stateHash } from '../engine/hash';
import type { CreatedEvent, GameEvent } from '../schemas/events';

// Logs written by the engine before the predictions, huddles and told reveals existed (commit 4fe3e5b), with
// the state hash after each of their events. Stored and exported logs carry such hashes: a fold that hashes
// differently would refuse to import or recover them.
const frozen = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as { events: GameEvent[]; hashes: string[] };

describe('logs written before today replay with equal state hashes at every event', () => {
  for (const name of ['frozen-v1', 'frozen-v2']) {
    it(name, () => {
      const { events, hashes } = frozen(name);
      const state = initialState(events[0] as CreatedEvent);
      const now = [stateHash(state)];
      for (const e of events.slice(1)) {
        const r = applyEventInPlace(state, e);
        expect(r.ok, `${e.type} refused`).toBe(true);
        now.push(stateHash(state));
      }
      const firstDiff = now.findIndex((h, i) => h !== hashes[i]);
      expect(firstDiff, firstDiff >= 0 ? `first differs after event ${firstDiff} (${events[firstDiff].type})` : '').toBe(-1);
    });
  }
});
